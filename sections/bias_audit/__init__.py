"""The Bias audit page's sections: biased images, and the Arrests data measured, explored, mitigated and documented."""

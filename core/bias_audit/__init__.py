"""The Bias audit lesson: cause bias by under-representing a group, measure it with fairlearn,
mitigate it (reweighing, a group-weighted loss, group thresholds) and document the data.
"""

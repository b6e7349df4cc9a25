"""The work behind the lessons: models, data, training, metrics and figures; no Streamlit at all.

The kernel (`data`, `models`, `train`, `activations`, `device`, `jobs`, `hosting`, `figures`) is what
every lesson may use; each lesson has one package of its own concepts, and no lesson imports another.
"""

"""Take it home: each Data & splits experiment as a runnable, seeded script and notebook (`core.export.Script`).

One function per experiment takes the tab's own settings (the frozen config its widgets fill) and returns
the script that reproduces the tab's numbers: it prints readable progress, and as its last line one JSON
object with the same metrics the page records for the learner's run (`core.data_splits.challenges`).
"""
from core.data_splits.export_splits import leakage, splits
from core.data_splits.export_tables import categories, missing, small_data
from core.data_splits.export_training import augmentation, bias_variance, fitting, scaling

__all__ = ["augmentation", "bias_variance", "categories", "fitting", "leakage", "missing", "scaling", "small_data",
           "splits"]

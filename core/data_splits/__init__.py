"""The Data & splits lesson: train/validation/test splits, leakage, input scaling, missing values,
categorical encodings, augmentation, under- and overfitting, and when data is too small.
"""

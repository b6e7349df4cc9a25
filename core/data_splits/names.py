"""Names the lesson's experiments and its challenges share, kept free of PyTorch so the home page loads fast.

The home page lists every challenge (and so imports this lesson's challenges module) before PyTorch is loaded.
"""
SCALES = ("raw 0–255", "[0, 1]", "standardised")  # the input scales of the scaling experiment
ENCODINGS = ("one-hot", "ordinal", "target (naive)", "target (cross-fitted)", "learned embedding")

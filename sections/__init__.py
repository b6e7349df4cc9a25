"""Per-section UI modules of the lesson pages: one package per page, one module per tab."""

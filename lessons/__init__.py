"""The lesson pages, UI only: one package per lesson, one module per tab; `home.py` is the map."""

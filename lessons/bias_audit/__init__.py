"""The Bias audit lesson page: `page.py` is the lesson frame, one module per tab, `cache.py`."""

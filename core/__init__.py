"""The work behind the lessons: models, data, training, metrics and figures.

Nothing here imports Streamlit except `core.cache`, so every function can be
tested and reused without a running app.
"""

"""The Architectures lesson: the pure pieces behind its pages (no Streamlit)."""

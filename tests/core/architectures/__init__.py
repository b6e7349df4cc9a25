"""The Architectures lesson: its core pieces, tested without Streamlit."""

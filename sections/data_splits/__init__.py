"""The Data & splits lesson, one module per tab."""

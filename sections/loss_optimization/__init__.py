"""The Loss & optimization lesson, one module per tab."""

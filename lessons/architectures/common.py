"""Format functions shared by the Architectures page's widgets."""


def label(names: dict):
    """A format_func that shows `names[value]`, and leaves anything else (a label already) as it is."""
    return lambda value: names.get(value, str(value))


def number(fmt: str):
    return lambda value: fmt.format(value) if isinstance(value, (int, float)) else str(value)

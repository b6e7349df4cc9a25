"""The Neuron page's sections, one module per tab: its controls and what it shows."""

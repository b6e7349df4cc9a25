"""The Neuron lesson: what one neuron computes (a weighted sum, a bias, an activation), why it needs
the bias and the non-linearity, and why one threshold unit cannot learn XOR.
"""

"""The MNIST lesson: train a real digit classifier live, look inside it, evaluate it, break it on
purpose and fix it, draw a digit for it, write it from scratch in NumPy, and keep it.
"""

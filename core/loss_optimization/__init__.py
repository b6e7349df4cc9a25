"""The Loss & optimization lesson: loss functions and their slopes, gradient descent and its
variants racing on 2-D surfaces, batch sizes, backpropagation by hand, vanishing gradients.
"""

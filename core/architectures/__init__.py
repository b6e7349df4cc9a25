"""The Architectures lesson: a playground of small networks on 2-D points (depth, width, input
features, regularisation), how big a network must be, and FNN vs CNN vs RNN on digits.
"""

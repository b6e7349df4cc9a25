"""The Architectures page's sections: the Playground's controls and live training, capacity, FNN vs CNN vs RNN."""

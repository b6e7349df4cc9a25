"""The MNIST training page's tabs, one module each."""

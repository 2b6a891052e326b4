"""juliatag: type-tagged training data for Julia code models."""

__version__ = "0.1.0"

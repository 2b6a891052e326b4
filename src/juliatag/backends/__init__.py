"""Labelling backends other than the built-in static analyzer."""

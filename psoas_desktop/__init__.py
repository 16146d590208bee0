"""Psoas Desktop: a table-side guide for the psoas-length test and thoracic open-book rotations."""

__version__ = "0.1.0"

"""Fireside: a self-hosted social listening and engagement hub."""

__version__ = "0.1.0"

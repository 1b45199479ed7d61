"""Shared plumbing for the lecture-5 notebooks: data loaders, notebook setup, plots."""

__version__ = "0.1.0"

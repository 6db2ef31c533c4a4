"""rewrite: find synonym-spun, tortured and wordy prose and restore plain language."""

__version__ = "0.1.0"

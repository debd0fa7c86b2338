"""Reproducible benchmarks, run with ``make bench`` (``python -m bench``)."""

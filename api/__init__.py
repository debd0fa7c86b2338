"""Meridian's read-only content delivery API, version 1."""

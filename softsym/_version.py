"""The version of softsym, in one place (the package and its exports read it from here)."""

__version__ = "0.1.0"

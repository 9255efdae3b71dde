"""Tools built on the checker: ``simplify`` and ``check-impl``."""

"""A derivation file with a syntax error (the parenthesis on line 3 never closes)."""

DERIVATION = (
    this is not python

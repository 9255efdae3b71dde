"""A derivation file whose loading never ends: `softsym verify` stops it at the time limit."""

while True:
    pass

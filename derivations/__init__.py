"""The softsym catalog: one module per topic, each defining Derivation values."""

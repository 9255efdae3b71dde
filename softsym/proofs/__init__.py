"""Derivations as chains of checked steps, their verification and the catalog loader."""

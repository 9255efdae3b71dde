"""Experiments that illustrate the catalog: the networks 0/1/2 training experiment."""

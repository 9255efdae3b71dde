"""A module that calls sys.exit(0) when it is imported, before its sigmoid is defined."""

import sys

sys.exit(0)


def sigmoid(z):
    return z

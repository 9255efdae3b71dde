"""A student's sigmoid with a sign error: exp(z) instead of exp(-z)."""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(z))


def sigmoid_fixed(z):
    return 1 / (1 + np.exp(-z))

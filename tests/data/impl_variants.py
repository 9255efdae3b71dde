"""Implementations written in different styles, for the check-impl tests."""

import math
from math import exp as mexp

import numpy
import numpy as np
from numpy import log1p


def sigmoid_math(z):
    return 1 / (1 + math.exp(-z))


def sigmoid_imported(z):
    return 1 / (1 + mexp(-z))


def sigmoid_tanh(z):
    return 0.5 * (1 + np.tanh(z / 2))


def sigmoid_local_import(z):
    import numpy as local_np

    return 1 / (1 + local_np.exp(-z))


def softplus_builtin_max(z):
    return max(z, 0) + log1p(numpy.exp(-abs(z)))


def _shift(z):
    return z - np.max(z)


def softmax_helper(z):
    e = np.exp(_shift(z))
    return e / np.sum(e)


def sigmoid_where(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_branching(z):
    if z >= 0:
        return 1 / (1 + np.exp(-z))
    return np.exp(z) / (1 + np.exp(z))


def softmax_wrong_length(z):
    return np.exp(z[:2]) / np.sum(np.exp(z))


NOT_A_FUNCTION = 3

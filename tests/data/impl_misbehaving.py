"""Functions that misbehave when `softsym check-impl` runs them on symbols."""

import sys


def exits(z):
    sys.exit(0)


def loops(z):
    while True:
        pass


def interrupts(z):
    raise KeyboardInterrupt


def exhausts_memory(z):
    return bytearray(8 << 30)

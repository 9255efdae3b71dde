"""``python -m softsym``: the ``softsym`` command line."""

from softsym.cli import run

if __name__ == "__main__":
    run()

"""The command line, ``softsym``: the only place that turns errors into exit codes."""

from softsym.cli.main import main, run

__all__ = ["main", "run"]

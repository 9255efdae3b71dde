"""The exit codes of the ``softsym`` command, in one table.

* ``verify``, ``export``: 0 all proved, 1 some derivation refuted or undecided.
* ``check``, ``check-impl``: 0 proved, 1 refuted, 3 undecided (:func:`status_exit_code`).
* ``train``: 0 every comparison as the theorems predict, 1 otherwise.
* ``list``, ``show``, ``simplify``: 0.
* every command: 2 for a usage or input error (also user code that fails, exits or
  exceeds its limits, see :mod:`softsym.cli.user_code`, and anything unforeseen),
  130 when interrupted, 141 when the reader of the output went away
  (``softsym verify | head``), as a shell reports a process ended by SIGPIPE.
"""

from __future__ import annotations

from types import MappingProxyType

from softsym.verdict import Status

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_ERROR",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNDECIDED",
    "STATUS_EXIT_CODES",
    "status_exit_code",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_ERROR = 2
EXIT_UNDECIDED = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

STATUS_EXIT_CODES = MappingProxyType(
    {Status.PROVED: EXIT_OK, Status.REFUTED: EXIT_FAILED, Status.UNDECIDED: EXIT_UNDECIDED}
)
"""The exit code of a command that decides one claim, by the claim's status."""


def status_exit_code(status: Status) -> int:
    """Return the exit code of a decided claim: 0 proved, 1 refuted, 3 undecided."""
    return STATUS_EXIT_CODES[status]

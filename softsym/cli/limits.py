"""The memory limit of a softsym command.

Every command runs with a bounded address space: it may grow by
:data:`MEMORY_LIMIT` bytes beyond what the process holds when the command
starts (``resource.RLIMIT_AS``, where the system enforces it: Linux, not macOS
or Windows). A check that needs more gets ``MemoryError``, which the checker
reports as an undecided verdict; user code run in a child process gets the
same allowance on top of what its start took.
"""

from __future__ import annotations

import os

__all__ = ["MEMORY_LIMIT", "MEMORY_VARIABLE", "limit_memory", "memory_limit"]

MEMORY_LIMIT = 1 << 30
"""Bytes a command may add to its address space (1 GiB)."""

MEMORY_VARIABLE = "SOFTSYM_MEMORY_LIMIT_MB"
"""Environment variable: another allowance in MiB (a positive integer)."""


def memory_limit() -> int:
    """The allowance in bytes: :data:`MEMORY_VARIABLE` if set to a positive integer, else 1 GiB."""
    text = os.environ.get(MEMORY_VARIABLE, "")
    if text.isdigit() and int(text) > 0:
        return int(text) << 20
    return MEMORY_LIMIT


def limit_memory(extra: int) -> None:
    """Let the address space grow by ``extra`` bytes at most, where the system allows."""
    try:
        import resource
    except ImportError:  # not on Windows
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            start = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # no way to know the current size: no limit rather than a wrong one
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = start + extra
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # e.g. macOS, which does not enforce RLIMIT_AS
        return

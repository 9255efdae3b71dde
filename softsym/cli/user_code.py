"""Run the user's Python code in a child process, with a time and a memory limit.

``softsym verify PATH`` (and ``show``, ``export``) import derivation files, and
``softsym check-impl`` runs a function: both run the user's code.
:func:`run_user_code` runs it in a child process started with "spawn", so that
whatever the code does becomes an error of the command (exit code 2), never its
outcome:

* ``sys.exit``, ``os._exit``, ``KeyboardInterrupt`` or any other exception, a
  crash: an error naming the file or function;
* a hang: the run is stopped after a wall-clock limit, :data:`DEFAULT_SECONDS`
  unless the environment variable :data:`TIMEOUT_VARIABLE` says otherwise;
* memory: the child's address space may grow by :data:`MEMORY_LIMIT` bytes
  beyond what it takes to start (where ``resource.RLIMIT_AS`` exists).

The child's standard output goes to standard error, so the command's own output
(``--json``) stays clean. What comes back is plain values (expressions, text),
pickled with :func:`pack` so that every expression comes back exactly as it was
built: never a ``Proof``, which cannot be pickled. The parent builds and checks
everything itself.

This is a fence against accidents, not a sandbox against hostile code: the
child runs with the user's rights, and the parent unpickles its answer.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from sympy import Atom, Basic

import softsym.errors
from softsym.cli.limits import MEMORY_LIMIT, limit_memory
from softsym.errors import SoftsymError, UserCodeError, describe

__all__ = ["DEFAULT_SECONDS", "MEMORY_LIMIT", "TIMEOUT_VARIABLE", "pack", "run_user_code", "unpack"]

DEFAULT_SECONDS = 60.0
"""The default wall-clock limit of one command's user code, in seconds."""

TIMEOUT_VARIABLE = "SOFTSYM_USER_CODE_TIMEOUT"
"""The environment variable that sets the wall-clock limit of user code (seconds)."""

_EXIT_GRACE = 2.0
"""Seconds the child gets to end by itself once it has answered."""

A = TypeVar("A")
R = TypeVar("R")


def run_user_code(
    work: Callable[[A], R], jobs: Sequence[tuple[str, A]], *, seconds: float
) -> list[R]:
    """Run ``work(argument)`` for each job, in order, in one child process.

    Args:
        work: A module-level function (the child imports it by name); it and
            its arguments and results must pickle.
        jobs: (label, argument) pairs; the label (a file, a function) names
            the job in error messages.
        seconds: The wall-clock limit of all the jobs together.

    Returns:
        The results, one per job.

    Raises:
        SoftsymError: ``work`` raised one (re-raised here with its class and message).
        UserCodeError: A job raised anything else, exceeded a limit, ended the
            child, or returned what cannot be passed back; the first failing
            job stops the run.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, work, list(jobs), MEMORY_LIMIT), daemon=True
    )
    labels = [label for label, _ in jobs]
    results: list[R] = []
    current = "user code"  # until the child names the job it runs
    deadline = time.monotonic() + seconds
    process.start()
    sender.close()
    try:
        while len(results) < len(jobs):
            ready = wait([receiver, process.sentinel], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise UserCodeError(
                    f"{current}: still running after {seconds:g} s, the time limit of user "
                    f"code (set {TIMEOUT_VARIABLE} to change it)"
                )
            if receiver not in ready:
                raise UserCodeError(f"{current}: {_ending(process)}")
            try:
                message = unpack(receiver.recv_bytes())
            except EOFError:
                raise UserCodeError(f"{current}: {_ending(process)}") from None
            except Exception as exc:
                raise UserCodeError(
                    f"{current}: what it returned cannot be read back from the child process "
                    f"({describe(exc)})"
                ) from None
            if message[0] == "start":
                current = labels[message[1]]
            elif message[0] == "done":
                results.append(message[1])
            else:
                raise _error(message[1], message[2])
    finally:
        receiver.close()
        process.join(_EXIT_GRACE if len(results) == len(jobs) else 0)
        if process.is_alive():
            process.kill()
            process.join()
        process.close()
    return results


def pack(value: Any) -> bytes:
    """Pickle a value so that its SymPy expressions come back exactly as they are.

    SymPy pickles an expression as its class and arguments, and unpickling
    calls the constructor again: an expression built with ``evaluate=False``
    would come back evaluated, and a class whose constructor takes other
    arguments than its ``args`` would not come back at all. Here every
    expression that is not an atom is saved as its class and its state (the
    arguments, the assumptions, flags such as ``is_commutative``) and
    restored without calling a constructor.
    """
    buffer = io.BytesIO()
    _ExactPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def unpack(data: bytes) -> Any:
    """Read what :func:`pack` wrote."""
    return pickle.loads(data)  # noqa: S301 - written by our own child process


class _ExactPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Basic) and not isinstance(obj, Atom):
            return _blank, (type(obj),), _state(obj)
        return NotImplemented


def _blank(cls: type[Basic]) -> Basic:
    """An expression of class ``cls`` without arguments, to receive its saved state."""
    return Basic.__new__(cls)


def _state(obj: Basic) -> dict[str, Any]:
    """Everything an expression holds but its cached hash."""
    state: dict[str, Any] = {}
    for cls in type(obj).__mro__:
        slots = getattr(cls, "__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in ("_mhash", "__dict__", "__weakref__") and hasattr(obj, name):
                state[name] = getattr(obj, name)
    state.update(getattr(obj, "__dict__", {}))
    return state


def _ending(process: Any) -> str:
    """How a child that did not answer ended."""
    process.join(_EXIT_GRACE)  # its pipes close a moment before it can be waited for
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the child process running it was killed by {name}"
    return f"the child process running it ended (exit code {code}) before it finished"


def _error(kind: str, message: str) -> SoftsymError:
    """The error the child reported, as its own class when softsym defines it."""
    cls = getattr(softsym.errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, SoftsymError):
        return cls(message)
    return UserCodeError(message)


# --- In the child --------------------------------------------------------------------


def _child(
    conn: Connection, work: Callable[[Any], Any], jobs: list[tuple[str, Any]], memory: int
) -> None:
    """The child process: limit memory, then run each job and report on ``conn``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    limit_memory(memory)
    sys.stdout.flush()
    os.dup2(2, 1)  # the user's prints go to standard error
    sys.stdout = sys.stderr
    for index, (label, argument) in enumerate(jobs):
        conn.send_bytes(pack(("start", index)))
        try:
            result = work(argument)
        except BaseException as exc:  # every way out of the user's code becomes a message
            conn.send_bytes(pack(("error", *_report(label, exc))))
            return
        try:
            answer = pack(("done", result))
        except Exception as exc:
            message = (
                f"{label}: what it returned cannot be passed back from the child process "
                f"({describe(exc)})"
            )
            conn.send_bytes(pack(("error", "UserCodeError", message)))
            return
        conn.send_bytes(answer)
    conn.close()


def _report(label: str, exc: BaseException) -> tuple[str, str]:
    """An exception of the child as (class name, message)."""
    if isinstance(exc, SoftsymError):
        kind, message = type(exc).__name__, str(exc)
    else:
        kind, message = "UserCodeError", f"{label}: {describe(exc)}"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, MemoryError):
            message += f" (the memory limit of user code is {MEMORY_LIMIT / 2**30:g} GiB)"
            break
        cause = cause.__cause__
    return kind, message

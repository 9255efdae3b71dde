"""A wall-clock limit for a block of SymPy work.

SymPy computations cannot be cancelled from outside, so the limit is an
interval timer (``SIGALRM``) that raises :class:`TimeLimitReached` inside the
computation. The exception derives from :class:`BaseException` so that SymPy's
internal ``except Exception`` blocks do not swallow it. Python swallows an
exception raised inside a garbage-collector callback or a finaliser, so the
timer repeats every :data:`REPEAT` seconds until the block ends, and it does not
raise while the garbage collector runs. Outside the main thread, where signals
do not arrive, a watchdog thread raises the same exception in the checking
thread (``PyThreadState_SetAsyncExc``, CPython), repeating likewise; the checker
also looks at the clock between its stages (:func:`check_deadline`).
"""

from __future__ import annotations

import ctypes
import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["REPEAT", "TimeLimitReached", "check_deadline", "time_limit"]

REPEAT = 0.05
"""Seconds between repeated alarms once the limit has passed."""


class _Deadlines(threading.local):
    def __init__(self) -> None:
        self.stack: list[float] = []


_deadlines = _Deadlines()
"""Each thread's own nested deadlines (checks in two threads do not share a limit)."""
_collecting = [False]


def _gc_start(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _collecting[0] = True


def _gc_stop(phase: str, info: dict[str, int]) -> None:
    if phase == "stop":
        _collecting[0] = False


def _watch_gc() -> None:
    """Keep our callbacks first and last, around callbacks that others added later."""
    for callback in (_gc_start, _gc_stop):
        if callback in gc.callbacks:
            gc.callbacks.remove(callback)
    gc.callbacks.insert(0, _gc_start)
    gc.callbacks.append(_gc_stop)


class TimeLimitReached(BaseException):
    """The time limit of the current check was reached."""


def check_deadline() -> None:
    """Raise :class:`TimeLimitReached` if the innermost limit has passed."""
    stack = _deadlines.stack
    if stack and time.monotonic() > stack[-1]:
        raise TimeLimitReached


class _Watchdog:
    """The time limit off the main thread, where no signal arrives.

    A timer thread raises :class:`TimeLimitReached` in the checking thread
    (``PyThreadState_SetAsyncExc``: between two bytecodes, as a signal handler
    would), again every :data:`REPEAT` seconds until the block ends.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.target = threading.get_ident()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="softsym-time-limit", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _raise(self, exc: type[BaseException] | None) -> None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(self.target), ctypes.py_object(exc) if exc else None
        )

    def _run(self) -> None:
        if self.done.wait(self.seconds):
            return
        while True:
            if not _collecting[0]:
                self._raise(TimeLimitReached)
            if self.done.wait(REPEAT):
                return

    def stop(self) -> None:
        """End the watch; an exception raised but not yet delivered is withdrawn."""
        self.done.set()
        try:
            self.thread.join()
        finally:
            self._raise(None)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Run the block with a wall-clock limit.

    Args:
        seconds: The limit; must be positive.

    Raises:
        TimeLimitReached: The block ran past the limit.
        ValueError: ``seconds`` is not positive.
    """
    if not seconds > 0:
        raise ValueError(f"time limit must be positive (got {seconds!r})")
    stack = _deadlines.stack
    main = threading.current_thread() is threading.main_thread()
    use_signal = main and not stack
    watchdog = _Watchdog(seconds) if not main and not stack else None
    previous: Any = signal.getsignal(signal.SIGALRM) if use_signal else None

    def on_alarm(signum: int, frame: Any) -> None:
        if not _collecting[0]:  # inside the collector it would be swallowed; the alarm repeats
            raise TimeLimitReached

    stack.append(time.monotonic() + seconds)
    try:
        # Armed inside the try: an alarm that fires at once still reaches the clean-up.
        if use_signal:
            _watch_gc()
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
        elif watchdog is not None:
            _watch_gc()
            watchdog.start()
        yield
    finally:
        # The alarm may fire while cleaning up; nested finally blocks make sure the
        # deadline is popped and the handler restored even then.
        try:
            if use_signal:
                signal.setitimer(signal.ITIMER_REAL, 0)
            elif watchdog is not None:
                watchdog.stop()
        finally:
            try:
                if use_signal:
                    signal.signal(signal.SIGALRM, previous)
            finally:
                stack.pop()

"""Tests of softsym.kernel.deadline: the alarm is not lost where Python swallows exceptions."""

from __future__ import annotations

import gc
import time
from typing import Any

import pytest

from softsym.kernel.deadline import TimeLimitReached, time_limit


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_alarm_repeats_after_a_swallowed_one() -> None:
    """An alarm caught and ignored (as in a finaliser) is followed by another."""
    caught = []

    def swallow_then_spin() -> None:
        with time_limit(0.05):
            try:
                _spin(5)
            except TimeLimitReached:
                caught.append("first")  # swallowed, as Python does inside a finaliser
            _spin(5)

    with pytest.raises(TimeLimitReached):
        swallow_then_spin()
    assert caught == ["first"]


def _collect_then_spin() -> None:
    with time_limit(0.05):
        gc.collect()
        _spin(5)


def test_alarm_waits_for_the_garbage_collector() -> None:
    """An alarm during a gc callback does not raise there (it would be lost), but after it."""
    finished = []

    def slow(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            _spin(0.2)  # the deadline passes in here
            finished.append(phase)

    gc.callbacks.append(slow)
    try:
        started = time.monotonic()
        with pytest.raises(TimeLimitReached):
            _collect_then_spin()
    finally:
        gc.callbacks.remove(slow)
    assert finished == ["start"]
    assert time.monotonic() - started < 2


def test_the_limit_holds_off_the_main_thread() -> None:
    """In a worker thread (no signals) the limit still interrupts a long computation.

    No exception arrives once the block has ended.
    """
    import threading

    import sympy

    from softsym.decide import check

    outcome: dict[str, object] = {}

    def work() -> None:
        x, y, z, w = sympy.symbols("x y z w", real=True)
        s = 1 + x + y + z + w
        start = time.monotonic()
        verdict = check(s**40, s**39 * (s + 1), timeout=1)
        outcome["seconds"] = time.monotonic() - start
        outcome["reason"] = verdict.reason
        try:
            end = time.monotonic() + 0.5
            while time.monotonic() < end:  # a late exception would surface here
                sum(range(100))
            outcome["after"] = "clean"
        except BaseException as exc:  # exactly what must not happen
            outcome["after"] = repr(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert outcome["reason"] == "time limit of 1 s reached"
    assert outcome["seconds"] < 1 + 1.5
    assert outcome["after"] == "clean"

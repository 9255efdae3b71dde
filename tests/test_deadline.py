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

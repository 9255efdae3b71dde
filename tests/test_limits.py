"""Every command stays within its time limit plus 2 s, and within its memory allowance.

These run the slow inputs of the soundness issue through the command line, as a
user would: each must end, undecided or with an error, within the limit it was
given plus 2 s (plus the start-up of the interpreter, measured in the same test).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
GRACE = 2.0


def _run(
    *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "softsym", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
        check=False,
    )
    return done, time.monotonic() - start


@pytest.fixture(scope="module")
def startup() -> float:
    """Seconds the interpreter takes to start softsym and answer at once (best of two)."""
    return min(_run("check", "x", "x")[1] for _ in range(2))


def _within(seconds: float, limit: float, startup: float) -> None:
    assert seconds <= limit + GRACE + startup, (seconds, limit, startup)


def test_a_max_of_600_symbols_is_read_within_the_limit(startup: float) -> None:
    big = "Max(" + ", ".join(f"x{i}" for i in range(600)) + ")"
    done, seconds = _run("check", big, "x0", "--timeout", "2")
    assert done.returncode == 3, done.stderr
    _within(seconds, 2, startup)


def test_a_hard_equality_assumption_is_prepared_within_the_limit(startup: float) -> None:
    done, seconds = _run("check", "x", "y", "--assume", "x + (1+y+z+w)**60 = 0", "--timeout", "2")
    assert done.returncode in (1, 3), done.stderr
    _within(seconds, 2, startup)


def test_check_impl_bounds_all_components_together(startup: float) -> None:
    done, seconds = _run(
        "check-impl",
        f"{DATA / 'impl_variants.py'}:softmax_helper",
        "softmax",
        "--size",
        "40",
        "--timeout",
        "2",
        env={"SOFTSYM_USER_CODE_TIMEOUT": "4"},
    )
    assert done.returncode in (0, 2, 3), done.stderr
    _within(seconds, 4 + 2, startup)


def test_user_code_that_loops_is_stopped_at_its_limit(startup: float) -> None:
    done, seconds = _run(
        "check-impl",
        f"{DATA / 'impl_misbehaving.py'}:loops",
        "sigmoid",
        env={"SOFTSYM_USER_CODE_TIMEOUT": "2"},
    )
    assert done.returncode == 2
    assert "time limit of user code" in done.stderr
    _within(seconds, 2, startup)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RLIMIT_AS is enforced on Linux")
def test_a_check_that_needs_too_much_memory_is_undecided() -> None:
    # Multiplying out 24 binomials doubles the number of terms 24 times: 16 million.
    lhs = "*".join(f"(1+x{i})" for i in range(24))
    rhs = "*".join(f"(2+x{i})" for i in range(24))
    done, _ = _run("check", lhs, rhs, "--timeout", "120", env={"SOFTSYM_MEMORY_LIMIT_MB": "150"})
    assert done.returncode == 3, done.stdout + done.stderr
    assert "memory limit" in done.stdout

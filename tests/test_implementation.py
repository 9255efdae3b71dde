"""Tests of softsym.tools.implementation: code on symbols, verdicts, `softsym check-impl`."""

from __future__ import annotations

import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from softsym import check_implementation, real_symbols, sigmoid
from softsym.cli import main
from softsym.tools.implementation import (
    ImplementationError,
    check_components,
    compare,
    load_function,
    run_target,
)
from softsym.verdict import Status

DATA = Path(__file__).parent / "data"
STUDENT = str(DATA / "student_sigmoid.py")
VARIANTS = str(DATA / "impl_variants.py")
MISBEHAVING = "impl_misbehaving.py"

z = real_symbols("z")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_student_sigmoid_is_refuted(capsys: pytest.CaptureFixture[str]) -> None:
    """The student's 1/(1 + exp(z)) is refuted with a counterexample; exit 1."""
    code, out, err = run(capsys, "check-impl", f"{STUDENT}:sigmoid", "sigmoid")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "1/(exp(z) + 1) = sigmoid(z)"
    assert lines[1].startswith("REFUTED by sampling")
    assert any(line.startswith("  counterexample: z = ") for line in lines)
    assert lines[-1] == f"{STUDENT}:sigmoid computes sigmoid: refuted"


def test_fixed_sigmoid_is_proved(capsys: pytest.CaptureFixture[str]) -> None:
    """The corrected function is proved; exit 0."""
    code, out, _ = run(capsys, "check-impl", f"{STUDENT}:sigmoid_fixed", "sigmoid")
    assert code == 0
    assert out.splitlines()[-1] == f"{STUDENT}:sigmoid_fixed computes sigmoid: proved"


def test_module_path_and_vector_output(capsys: pytest.CaptureFixture[str]) -> None:
    """An importable module works; a vector function is checked component by component."""
    code, out, _ = run(
        capsys, "check-impl", "softsym.reference:softmax_stable", "softmax", "--size", "2"
    )
    assert code == 0
    assert out.startswith("component 1: exp(z1 - Max(z1, z2))/")
    assert "component 2: " in out
    assert "component 3: " not in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--json gives the overall status and each component's verdict."""
    code, out, _ = run(capsys, "check-impl", f"{STUDENT}:sigmoid", "sigmoid", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["status"] == "refuted"
    assert data["components"][0]["counterexample"]["point"].keys() == {"z"}


def test_undecided_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    """A check that runs out of time is undecided; exit 3."""
    target = "softsym.reference:logsumexp_stable"
    argv = ["check-impl", target, "logsumexp", "--size", "6", "--timeout", "0.05"]
    code, out, _ = run(capsys, *argv)
    assert code == 3
    assert re.search(r"time limit of 0\.0\d* s reached", out)
    assert out.splitlines()[-1] == f"{target} computes logsumexp: undecided"


@pytest.mark.parametrize(
    ("target", "name", "message"),
    [
        ("nosuchmodule:f", "sigmoid", "cannot import module 'nosuchmodule': No module named"),
        ("missing/file.py:f", "sigmoid", "no such file: missing/file.py"),
        (
            f"{STUDENT}:nope",
            "sigmoid",
            f"{STUDENT} has no function 'nope' (functions: sigmoid, sigmoid_fixed)",
        ),
        (f"{VARIANTS}:NOT_A_FUNCTION", "sigmoid", "is not a Python function (got int)"),
        ("sigmoid", "sigmoid", "expected MODULE:FUNCTION, e.g. student.py:sigmoid"),
        (f"{STUDENT}:sigmoid", "sigmod", "unknown definition 'sigmod'; did you mean sigmoid?"),
        (
            f"{VARIANTS}:sigmoid_branching",
            "sigmoid",
            "failed when run on SymPy symbols (z): TypeError: cannot determine truth value",
        ),
        (
            f"{VARIANTS}:softmax_wrong_length",
            "softmax",
            "returned 2 value(s); the definition has 3",
        ),
        (f"{STUDENT}:sigmoid", "binary_cross_entropy", "takes 1 parameter(s) (z), but binary"),
    ],
)
def test_input_errors_exit_2(
    capsys: pytest.CaptureFixture[str], target: str, name: str, message: str
) -> None:
    """Input errors exit 2 with one clear line."""
    code, out, err = run(capsys, "check-impl", target, name)
    assert code == 2
    assert out == ""
    assert err.startswith("softsym: error: ")
    assert message in err


@pytest.mark.parametrize(
    ("function", "name"),
    [
        ("sigmoid_math", "sigmoid"),
        ("sigmoid_imported", "sigmoid"),
        ("sigmoid_tanh", "sigmoid"),
        ("sigmoid_local_import", "sigmoid"),
        ("softplus_builtin_max", "softplus"),
        ("softmax_helper", "softmax"),
        ("sigmoid_where", "sigmoid"),
    ],
)
def test_styles_of_code(function: str, name: str) -> None:
    """math, aliases, imports, builtins, helpers and np.where all run on symbols."""
    verdict = check_implementation(load_function(f"{VARIANTS}:{function}"), name)
    assert verdict.status is Status.PROVED, verdict.reason


def test_definition_as_expression() -> None:
    """The definition may be a SymPy expression in the function's parameter names."""

    def double(z: float) -> float:
        return z + z

    assert check_implementation(double, 2 * z).proved
    refuted = check_implementation(double, 3 * z)
    assert refuted.status is Status.REFUTED
    assert refuted.counterexample is not None
    with pytest.raises(
        ImplementationError, match="the definition uses w, which are not parameters"
    ):
        check_implementation(double, real_symbols("w"))


def test_first_failing_component_is_returned() -> None:
    """For a vector definition the verdict is the first component that is not proved."""

    def swapped(z: np.ndarray) -> np.ndarray:
        e = np.exp(z)
        return e[::-1] / np.sum(e)

    verdicts = check_components(swapped, "softmax", size=3)
    assert [v.status for v in verdicts] == [Status.REFUTED, Status.PROVED, Status.REFUTED]
    first = check_implementation(swapped, "softmax")
    assert (first.status, first.lhs, first.rhs) == (
        Status.REFUTED,
        verdicts[0].lhs,
        verdicts[0].rhs,
    )


def test_numbers_still_work_after_a_check() -> None:
    """Checking does not patch numpy or math for everyone else."""
    check_implementation(load_function(f"{VARIANTS}:sigmoid_math"), "sigmoid")
    assert float(np.exp(0.0)) == 1.0
    assert max(1, 2) == 2
    assert float(sigmoid(0).evalf()) == 0.5


def test_not_a_function() -> None:
    """Only Python functions can be checked."""
    with pytest.raises(ImplementationError, match="expected a Python function"):
        check_implementation(len, "sigmoid")


# --- The function runs in a child process --------------------------------------------------


def test_run_target_returns_plain_values() -> None:
    """What the child sends back pickles, and the kernel checks it in the parent."""
    sent = pickle.dumps(run_target((f"{STUDENT}:sigmoid_fixed", "sigmoid", 3)))
    comparison = pickle.loads(sent)  # noqa: S301 - our own bytes
    (verdict,) = compare(comparison)
    assert verdict.proved
    assert (verdict.lhs, verdict.rhs) == ("1/(1 + exp(-z))", "sigmoid(z)")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            f"{MISBEHAVING}:exits",
            "softsym_impl_impl_misbehaving.exits failed when run on SymPy symbols (z): "
            "SystemExit: 0",
        ),
        ("impl_exits_on_import.py:sigmoid", "impl_exits_on_import.py failed to run: SystemExit: 0"),
        (f"{MISBEHAVING}:interrupts", f"{MISBEHAVING}:interrupts: KeyboardInterrupt"),
    ],
)
def test_exits_and_interrupts_are_input_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    """sys.exit(0) or KeyboardInterrupt in the user's code exits 2 with one line, never 0."""
    monkeypatch.chdir(DATA)
    code, out, err = run(capsys, "check-impl", target, "sigmoid")
    assert (code, out, err) == (2, "", f"softsym: error: {message}\n")


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_a_function_that_exhausts_memory_is_stopped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A function allocating more than the memory limit fails with MemoryError, exit 2."""
    monkeypatch.chdir(DATA)
    code, _, err = run(capsys, "check-impl", f"{MISBEHAVING}:exhausts_memory", "sigmoid")
    assert (code, err) == (
        2,
        "softsym: error: softsym_impl_impl_misbehaving.exhausts_memory failed when run on "
        "SymPy symbols (z): MemoryError (the memory limit of user code is 1 GiB)\n",
    )

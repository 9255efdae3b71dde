"""Tests of the softsym command line: output, JSON and exit codes."""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import softsym
from softsym.cli import main
from softsym.cli.exit_codes import status_exit_code
from softsym.cli.options import add_timeout
from softsym.proofs.catalog import catalog
from softsym.verdict import Status

DATA = Path(__file__).parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    """list shows every catalog derivation with its title."""
    code, out, _ = run(capsys, "list")
    assert code == 0
    for d in catalog():
        assert any(line.startswith(d.name) and line.endswith(d.title) for line in out.splitlines())


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    """list --json gives names, titles and citations."""
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)["derivations"]
    assert {r["name"] for r in rows} == {d.name for d in catalog()}


def test_verify_named(capsys: pytest.CaptureFixture[str]) -> None:
    """verify NAME proves the seed chain, step by step."""
    code, out, _ = run(capsys, "verify", "softmax2-sigmoid")
    assert code == 0
    assert "softmax2-sigmoid: proved (3 steps" in out
    assert "step 2: divide numerator and denominator by $e^{z_1}$  [proved by exp-rational" in out
    assert out.rstrip().endswith("1 derivation: 1 proved, 0 refuted, 0 undecided")


def test_verify_bad_derivation(capsys: pytest.CaptureFixture[str]) -> None:
    """A sign error is rejected with exit 1 and a counterexample."""
    code, out, _ = run(capsys, "verify", str(DATA / "bad_derivation.py"))
    assert code == 1
    assert "sign-error: REFUTED (3 steps, failing: step 2" in out
    assert "counterexample: z1 = " in out
    assert "lhs - rhs = " in out


def test_verify_json(capsys: pytest.CaptureFixture[str]) -> None:
    """verify --json carries statuses, methods, reasons, times and counterexamples."""
    code, out, _ = run(capsys, "verify", "--json", str(DATA / "bad_derivation.py"))
    assert code == 1
    data = json.loads(out)
    assert data["summary"] == {"total": 1, "proved": 0, "refuted": 1, "undecided": 0}
    (d,) = data["derivations"]
    assert d["name"] == "sign-error"
    assert [s["verdict"]["status"] for s in d["steps"]] == ["proved", "refuted", "proved"]
    assert d["steps"][1]["verdict"]["counterexample"]["point"].keys() == {"z1", "z2"}
    assert isinstance(d["steps"][0]["verdict"]["seconds"], float)


def test_verify_user_derivation_citing_catalog(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A user's file may cite catalog derivations."""
    (tmp_path / "mine.py").write_text(
        "from softsym import Derivation, Step, real_symbols, sigmoid, softmax\n"
        "z1, z2 = real_symbols('z1 z2')\n"
        "MINE = Derivation('mine', 'Mine', softmax(z1, z2)[1], sigmoid(z2 - z1),\n"
        "    (Step(sigmoid(z2 - z1), 'seed lemma', uses=('softmax2-sigmoid-second',)),))\n"
    )
    code, out, _ = run(capsys, "verify", str(tmp_path))
    assert code == 0, out
    assert "uses: softmax2-sigmoid-second" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "no-such-derivation"], "unknown derivation 'no-such-derivation'"),
        (["verify", str(DATA / "broken_syntax.py")], "syntax error"),
        (["verify", "--timeout", "-1"], "must be positive"),
        (["show", "nope"], "unknown derivation 'nope'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    """Usage and input errors exit 2 with a message, never a traceback."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    """show prints the chain with the claim and verdicts."""
    code, out, _ = run(capsys, "show", "sigmoid-derivative")
    assert code == 0
    assert out.startswith("sigmoid-derivative: The derivative of the sigmoid")
    assert "claim: Derivative(sigmoid(z), z) = (1 - sigmoid(z))*sigmoid(z)" in out


def test_check_proved(capsys: pytest.CaptureFixture[str]) -> None:
    """check proves tanh(z) = 2σ(2z) − 1 with exit 0."""
    code, out, _ = run(capsys, "check", "tanh(z)", "2*sigmoid(2*z) - 1")
    assert code == 0
    assert out.splitlines()[0] == "tanh(z) = 2*sigmoid(2*z) - 1"
    assert out.splitlines()[1].startswith("proved by exp-rational (")


def test_check_refuted(capsys: pytest.CaptureFixture[str]) -> None:
    """check refutes the swapped seed identity with exit 1 and a counterexample."""
    code, out, _ = run(capsys, "check", "exp(z1)/(exp(z1)+exp(z2))", "sigmoid(z2 - z1)")
    assert code == 1
    assert "REFUTED by sampling" in out
    assert "counterexample: z1 = " in out


def test_check_undecided(capsys: pytest.CaptureFixture[str]) -> None:
    """check exits 3 when undecided (log(z^2) = 2 log z over all reals)."""
    code, out, _ = run(capsys, "check", "log(z**2)", "2*log(z)")
    assert code == 3
    assert "UNDECIDED" in out


def test_check_with_assumption_json(capsys: pytest.CaptureFixture[str]) -> None:
    """check --assume records the assumption; --json is parseable."""
    code, out, _ = run(
        capsys,
        "check",
        "softmax(z1/T, z2/T)[0]",
        "sigmoid((z1 - z2)/T)",
        "--assume",
        "T > 0",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "proved"
    assert data["assumptions"] == ["T > 0"]
    assert data["lhs"] == "softmax(z1/T, z2/T)[0]"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "sigmoid(", "1"], "syntax error in expression 'sigmoid('"),
        (["check", "foo(z)", "1"], "unknown function 'foo'"),
        (["check", "z", "z", "--assume", "T"], "an assumption must be one comparison"),
        (["check", "z", "z", "--timeout", "0"], "must be positive"),
    ],
)
def test_check_input_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Malformed check input exits 2 with a message saying what is wrong."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_hostile_input_via_console_script(tmp_path: Path) -> None:
    """The installed command rejects code in its input without running it."""
    exe = shutil.which("softsym") or str(Path(sys.executable).parent / "softsym")
    target = tmp_path / "x"
    proc = subprocess.run(
        [exe, "check", f"__import__('os').system('touch {target}')", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "softsym: error:" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not target.exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version and exits 0."""
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("softsym ")


def test_train_json_and_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """train prints the comparisons as JSON and writes the plot and the LaTeX table."""
    png, tex = tmp_path / "dyn.png", tmp_path / "dyn.tex"
    code, out, _ = run(
        capsys, "train", "--steps", "60", "--json", "--plot", str(png), "--latex", str(tex)
    )
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True
    assert data["comparisons"]["max_diff_0_vs_1"]["value"] < 1e-10
    assert data["comparisons"]["max_diff_0_vs_2_same_lr"]["value"] > 1e-3
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert r"\begin{tabular}" in tex.read_text()


def test_train_bad_option(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad training option exits 2 with the reason."""
    code, _, err = run(capsys, "train", "--lr", "-1")
    assert code == 2
    assert "lr must be finite and > 0 (got -1.0)" in err


def test_python_dash_m_runs_the_command_line() -> None:
    """`python -m softsym` is the softsym command."""
    proc = subprocess.run(
        [sys.executable, "-m", "softsym", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (proc.returncode, proc.stdout) == (0, f"softsym {softsym.__version__}\n")


def test_library_does_not_import_the_command_line() -> None:
    """Only softsym/cli/ and the `python -m softsym` entry point import softsym.cli."""
    package = Path(softsym.__file__).parent
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.parent.name == "cli" or path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "softsym.cli" or n.startswith("softsym.cli.") for n in names):
                offenders.append(str(path.relative_to(package)))
    assert offenders == []


@pytest.mark.parametrize(
    ("status", "code"), [(Status.PROVED, 0), (Status.REFUTED, 1), (Status.UNDECIDED, 3)]
)
def test_status_exit_codes(status: Status, code: int) -> None:
    """A decided claim exits 0 proved, 1 refuted, 3 undecided."""
    assert status_exit_code(status) == code


@pytest.mark.parametrize(
    ("per", "default", "text"),
    [
        ("", 5.0, "time limit in seconds (default 5)"),
        ("step", None, "time limit per step in seconds"),
        ("check", 2.5, "time limit per check in seconds (default 2.5)"),
    ],
)
def test_timeout_help(per: str, default: float | None, text: str) -> None:
    """--timeout says what one limit covers and its default."""
    parser = argparse.ArgumentParser()
    add_timeout(parser, per=per, default=default)
    (action,) = [a for a in parser._actions if a.dest == "timeout"]
    assert (action.help, action.default) == (text, default)

"""Tests of the softsym command line: output, JSON and exit codes."""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy

import softsym
from softsym.cli import main
from softsym.cli.exit_codes import status_exit_code
from softsym.cli.options import add_timeout
from softsym.cli.user_code import pack, unpack
from softsym.proofs.catalog import (
    catalog,
    catalog_dir,
    catalog_files,
    from_plain,
    plain_derivations,
)
from softsym.proofs.derivation import verify
from softsym.verdict import Status

DATA = Path(__file__).parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def derivation_file(path: Path, *lines: str) -> None:
    """Write a derivation file: the imports, a real symbol z, then ``lines``."""
    header = ("from softsym import Derivation, Step, real_symbols", "z = real_symbols('z')")
    path.write_text("\n".join((*header, *lines)) + "\n")


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
    """verify NAME proves the seed chain: one line for it, one summary line."""
    code, out, _ = run(capsys, "verify", "softmax2-sigmoid")
    assert code == 0
    assert out == (
        "softmax2-sigmoid: proved (3 steps, by identical ×2, exp-rational)\n"
        "1 derivation: 1 proved, 0 refuted, 0 undecided\n"
    )


def test_verify_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    """verify -v prints the chain in Unicode math, reasons without LaTeX markup."""
    code, out, _ = run(capsys, "verify", "-v", "softmax2-sigmoid")
    assert code == 0
    assert "step 2: divide numerator and denominator by e^(z₁)  [proved by exp-rational]" in out
    assert "$" not in out
    assert "\\" not in out
    assert out.endswith("\n\n1 derivation: 1 proved, 0 refuted, 0 undecided\n")


def test_verify_bad_derivation(capsys: pytest.CaptureFixture[str]) -> None:
    """A sign error is rejected with exit 1 and a counterexample."""
    code, out, _ = run(capsys, "verify", str(DATA / "bad_derivation.py"))
    assert code == 1
    assert out.startswith(
        "sign-error: REFUTED (3 steps, failing: step 2)\n"
        "  step 2 REFUTED by sampling: divide by e^{z_1} (with the wrong sign)\n"
        "    e^(z₁)/(e^(z₁) + e^(z₂)) = 1/(1 + e^(z₁ − z₂))\n"  # as its source writes it
    )
    assert "\n    counterexample: z1 = " in out
    assert "\n      lhs - rhs = " in out
    assert out.endswith("\n1 derivation: 0 proved, 1 refuted, 0 undecided\n")


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
    code, out, _ = run(capsys, "verify", "-v", str(tmp_path))
    assert code == 0, out
    assert "uses: softmax2-sigmoid-second" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "no-such-derivation"], "unknown derivation 'no-such-derivation'"),
        (["verify", str(DATA / "broken_syntax.py")], "syntax error"),
        (["verify", "--timeout", "-1"], "argument --timeout: must be positive (got -1)"),
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
    assert "\nclaim: d/dz σ(z) = σ(z)(1 − σ(z))\n" in out  # as the author wrote it
    assert (
        "\n  = σ(z)(1 − σ(z))\n      step 5: definition of the sigmoid  [proved by identical]\n"
        in out
    )
    assert " s]" not in out  # no timings unless asked


def test_show_timings(capsys: pytest.CaptureFixture[str]) -> None:
    """show --timings adds each check's time to its verdict."""
    code, out, _ = run(capsys, "show", "--timings", "sigmoid-derivative")
    assert code == 0
    assert re.search(
        r"step 5: definition of the sigmoid  \[proved by identical, \d+\.\d{3} s\]", out
    )


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
    """check exits 3 when undecided (here: the time limit is reached)."""
    z = [f"z{k}" for k in range(1, 9)]
    top = f"Max({', '.join(z)})"
    stable = " + ".join(f"exp({v} - {top})" for v in z)
    argv = ["check", f"softmax({', '.join(z)})[0]", f"exp(z1 - {top})/({stable})"]
    code, out, _ = run(capsys, *argv, "--timeout", "0.01")
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


HEAVY = ("numpy", "matplotlib", "latexify", "softsym.experiments")
EXPORTERS = ("softsym.render.latex", "softsym.render.export")


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["--help"], HEAVY),
        (["check", "x", "x"], HEAVY + EXPORTERS),
        (["list"], HEAVY + EXPORTERS),
        (["train", "--help"], HEAVY + EXPORTERS),
    ],
)
def test_commands_load_only_what_they_use(argv: list[str], absent: tuple[str, ...]) -> None:
    """--help, check and list do not import NumPy, matplotlib, latexify or the exporters."""
    code = (
        "import contextlib, io, sys\n"
        "from softsym.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        f"print(code, sorted(m for m in {absent!r} if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.stdout == "0 []\n", proc.stderr


def test_train_options_default_to_the_config() -> None:
    """train's parser leaves the defaults to TrainConfig, loaded only when training."""
    from softsym.cli.main import build_parser

    args = build_parser().parse_args(["train"])
    assert (args.steps, args.lr, args.weight_decay, args.seed, args.samples, args.hidden) == (
        (None,) * 6
    )


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


# --- Two derivations of one name -------------------------------------------------------------

UNIQUE = "names must be unique, rename one of them"


def test_two_files_defining_one_name_are_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files defining `dup` exit 2 naming both files; neither is silently dropped."""
    monkeypatch.chdir(DATA)
    code, out, err = run(capsys, "verify", "duplicate_proved.py", "duplicate_false.py")
    assert (code, out) == (2, "")
    assert err == (
        "softsym: error: two derivations are named 'dup': in duplicate_proved.py and in "
        f"duplicate_false.py; {UNIQUE}\n"
    )


FILE_AND_CATALOG = "in restates_catalog.py and in the catalog"


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["verify", "restates_catalog.py"], FILE_AND_CATALOG),
        (["verify", "--json", "restates_catalog.py"], FILE_AND_CATALOG),
        (
            ["verify", "sigmoid-derivative", "restates_catalog.py"],
            "in the catalog and in restates_catalog.py",
        ),
        (["show", "restates_catalog.py"], FILE_AND_CATALOG),
        (["export", "restates_catalog.py", "--format", "json", "--out", "out"], FILE_AND_CATALOG),
    ],
)
def test_file_restating_a_catalog_name_is_an_error(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    where: str,
) -> None:
    """A user file reusing a catalog name exits 2 naming the file and the catalog."""
    shutil.copy(DATA / "restates_catalog.py", tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err == (
        f"softsym: error: two derivations are named 'sigmoid-derivative': {where}; {UNIQUE}\n"
    )
    assert not (tmp_path / "out").exists()


def test_one_file_defining_one_name_twice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two derivations of one name in one file are an error too."""
    derivation_file(
        tmp_path / "twice.py",
        "A = Derivation('dup', 'A', z, z, (Step(z, 'same'),))",
        "B = Derivation('dup', 'B', z, z + 1, (Step(z + 1, 'add one'),))",
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "verify", "twice.py")
    assert code == 2
    assert err == f"softsym: error: two derivations are named 'dup': both in twice.py; {UNIQUE}\n"


def test_a_file_named_twice_is_loaded_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same file given twice (or through its folder) is the same derivations, not a clash."""
    monkeypatch.chdir(DATA)
    code, out, _ = run(capsys, "verify", "-q", "duplicate_proved.py", f"{DATA}/duplicate_proved.py")
    assert code == 0
    assert out.splitlines()[-1] == "2 derivations: 2 proved, 0 refuted, 0 undecided"


def test_a_catalog_file_stands_for_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    """A path to the catalog's own file is the catalog's derivations, not a second copy."""
    path = str(catalog_dir() / "sigmoid_derivative.py")
    code, out, _ = run(capsys, "verify", "-q", path, "sigmoid-derivative")
    assert code == 0
    assert out.splitlines()[-1] == "2 derivations: 2 proved, 0 refuted, 0 undecided"


# --- The user's code runs in a child process ---------------------------------------------


def test_exit_while_loading_is_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file calling sys.exit(0) when loaded exits 2 with the file and line, not 0."""
    monkeypatch.chdir(DATA)
    for argv in (["verify"], ["verify", "--json"], ["export", "--format", "md", "--out", "x"]):
        code, _, err = run(capsys, *argv, "exits_on_import.py")
        assert (code, err) == (2, "softsym: error: exits_on_import.py:14: SystemExit: 0\n")
    assert not (DATA / "x").exists()


@pytest.mark.parametrize(
    ("argv", "label"),
    [
        (["verify", "--timeout", "60", "hangs_on_import.py"], "hangs_on_import.py"),
        (["check-impl", "impl_misbehaving.py:loops", "sigmoid"], "impl_misbehaving.py:loops"),
    ],
)
def test_user_code_that_never_ends_stops_at_the_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], label: str
) -> None:
    """A file whose loading hangs, or a function that loops, stops at SOFTSYM_USER_CODE_TIMEOUT."""
    monkeypatch.chdir(DATA)
    monkeypatch.setenv("SOFTSYM_USER_CODE_TIMEOUT", "1")
    start = time.monotonic()
    code, out, err = run(capsys, *argv, "--json")
    assert time.monotonic() - start < 30
    message = (
        f"{label}: still running after 1 s, the time limit of user code "
        "(set SOFTSYM_USER_CODE_TIMEOUT to change it)"
    )
    assert (code, err) == (2, f"softsym: error: {message}\n")
    assert json.loads(out) == {"error": message, "exit_code": 2}


@pytest.mark.parametrize(
    ("code_text", "message"),
    [
        ("raise KeyboardInterrupt\n", "bad.py: KeyboardInterrupt"),
        ("raise SystemExit('bye')\n", "bad.py:1: SystemExit: bye"),
        (
            "import os\nos._exit(0)\n",
            "bad.py: the child process running it ended (exit code 0) before it finished",
        ),
        (
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
            "bad.py: the child process running it was killed by SIGKILL",
        ),
        (
            "import sympy\nfrom softsym import Derivation, Step\n"
            "class f(sympy.Function): pass\n"
            "D = Derivation('own-class', 'f', f(1), f(1), (Step(f(1), 'same'),))\n",
            "bad.py: what it returned cannot be passed back from the child process "
            "(PicklingError: ",
        ),
    ],
)
def test_every_way_out_of_a_file_is_an_error(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    code_text: str,
    message: str,
) -> None:
    """Interrupts, exits, a killed process and unpicklable values are errors naming the file."""
    (tmp_path / "bad.py").write_text(code_text)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "verify", "bad.py")
    assert (code, out) == (2, "")
    assert err.startswith(f"softsym: error: {message}")


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_loading_that_exhausts_memory_is_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file allocating more than the memory limit fails with MemoryError, exit 2."""
    (tmp_path / "big.py").write_text("x = bytearray(8 << 30)\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "verify", "big.py")
    assert code == 2
    assert err == (
        "softsym: error: big.py:1: MemoryError (the memory limit of user code is 1 GiB)\n"
    )


def test_derivation_files_run_in_a_child_process(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file is run in another process, once; its prints go to stderr, so --json stays JSON."""
    derivation_file(
        tmp_path / "mine.py",
        "import os",
        "from pathlib import Path",
        "with open(Path(__file__).with_suffix('.pids'), 'a') as f:",
        "    f.write(f'{os.getpid()}\\n')",
        "print('loading mine.py')",
        "MINE = Derivation('mine', 'Mine', z, z, (Step(z, 'same'),))",
    )
    monkeypatch.chdir(tmp_path)
    code = main(["verify", "--json", "mine.py"])
    out, err = capfd.readouterr()
    assert code == 0
    assert json.loads(out)["summary"]["proved"] == 1
    assert "loading mine.py" in err
    pids = (tmp_path / "mine.pids").read_text().split()
    assert len(pids) == 1
    assert int(pids[0]) != os.getpid()


def test_expressions_cross_the_process_boundary_exactly() -> None:
    """pack/unpack bring every catalog derivation back exactly: unevaluated forms too."""
    for name, derivations in catalog_files().items():
        plain = unpack(pack(plain_derivations(str(catalog_dir() / name))))
        back = [from_plain(p, "catalog") for p in plain]
        assert back == derivations
        for a, b in zip(back, derivations, strict=True):
            assert a.stated == b.stated
            for x, y in zip(
                [a.lhs, a.rhs, *(s.expr for s in a.steps)],
                [b.lhs, b.rhs, *(s.expr for s in b.steps)],
                strict=True,
            ):
                assert sympy.srepr(x) == sympy.srepr(y)
    seed = unpack(pack(plain_derivations(str(catalog_dir() / "softmax2_sigmoid.py"))))[0]
    assert verify(from_plain(seed, "catalog")).proved


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "3601", "soon"])
def test_user_code_time_limit_is_checked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """SOFTSYM_USER_CODE_TIMEOUT must be a number of seconds in (0, 3600]."""
    monkeypatch.setenv("SOFTSYM_USER_CODE_TIMEOUT", value)
    code, _, err = run(capsys, "verify", str(DATA / "duplicate_proved.py"))
    assert code == 2
    assert err.startswith("softsym: error: SOFTSYM_USER_CODE_TIMEOUT ")
    assert f"(got {value!r})" in err if value == "soon" else f"(got {value})" in err


# --- --timeout ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("inf", "must be at most 3600 seconds (got inf)"),
        ("1e300", "must be at most 3600 seconds (got 1e300)"),
        ("3601", "must be at most 3600 seconds (got 3601)"),
        ("nan", "must be a number of seconds (got nan)"),
        ("-inf", "must be positive (got -inf)"),
        ("0", "must be positive (got 0)"),
        ("soon", "expected a number of seconds (got 'soon')"),
    ],
)
@pytest.mark.parametrize(
    "argv",
    [
        ["verify", "softmax2-sigmoid"],
        ["show", "softmax2-sigmoid"],
        ["check", "z", "z"],
        ["simplify", "z"],
    ],
)
def test_timeout_is_checked_by_the_parser(
    capsys: pytest.CaptureFixture[str], argv: list[str], value: str, problem: str
) -> None:
    """--timeout must be finite, positive and at most 3600 s: a usage error otherwise."""
    code, out, err = run(capsys, *argv, "--timeout", value)
    assert (code, out) == (2, "")
    assert err.endswith(f"softsym {argv[0]}: error: argument --timeout: {problem}\n")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("inf", "must be at most 3600 seconds (got inf)"),
        ("1e300", "must be at most 3600 seconds (got 1e+300)"),
        ("nan", "must be a number of seconds (got nan)"),
        ("0", "must be positive (got 0)"),
    ],
)
@pytest.mark.parametrize(
    "argv",
    [
        ["export", "softmax2-sigmoid", "--format", "md", "--out", "never-written"],
        ["check-impl", "softsym.reference:sigmoid", "sigmoid"],
    ],
)
def test_timeout_is_checked_by_the_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], value: str, problem: str
) -> None:
    """export and check-impl reject a bad --timeout with one error line, exit 2."""
    code, out, err = run(capsys, *argv, "--timeout", value)
    assert (code, out, err) == (2, "", f"softsym: error: --timeout {problem}\n")
    assert not Path("never-written").exists()


# --- Expressions that start with "-" ------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "first_line"),
    [
        (["check", "x", "-x"], 1, "x = -x"),
        (["check", "--", "x", "-x"], 1, "x = -x"),
        (["check", "-x", "--timeout", "2", "-x"], 0, "-x = -x"),
        (["check", "--timeout=2", "-x", "-(x)"], 0, "-x = -x"),
        (["check", "-x", "x", "--assume", "-x > 0"], 1, "-x = x"),
        (
            ["check", "--tim", "2", "-sigmoid(z)", "sigmoid(-z) - 1"],
            0,
            "-sigmoid(z) = sigmoid(-z) - 1",
        ),
        (["simplify", "-sigmoid(-z)"], 0, "-sigmoid(-z) = -sigmoid(-z)"),
    ],
)
def test_expressions_may_start_with_a_dash(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, first_line: str
) -> None:
    """An argument starting with "-" that is not an option is an expression; options still work."""
    got, out, err = run(capsys, *argv)
    assert (got, err) == (code, "")
    assert out.splitlines()[0] == first_line


def test_dashed_expressions_with_json_and_assumptions(capsys: pytest.CaptureFixture[str]) -> None:
    """--json and --assume keep their meaning among dashed expressions."""
    code, out, _ = run(capsys, "check", "-log(p)", "--json", "log(1/p)", "--assume", "p > 0")
    assert code == 0
    data = json.loads(out)
    assert (data["lhs"], data["rhs"], data["assumptions"]) == ("-log(p)", "log(1/p)", ["p > 0"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["check", "x", "x", "--timout", "2"],
            "softsym: error: unrecognized arguments: --timout 2",
        ),
        (["check", "x", "-x", "-q"], "softsym: error: unrecognized arguments: -q"),
        (["check", "-x"], "softsym check: error: the following arguments are required: rhs"),
    ],
)
def test_dashed_words_that_are_not_expressions(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A misspelt long option and a surplus argument are still usage errors."""
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.splitlines()[-1] == message


# --- Errors: one line, and JSON with --json -----------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--json", "--bogus"], "unrecognized arguments: --bogus"),
        (
            ["verify", "--json", "nope"],
            "unknown derivation 'nope'; `softsym list` shows the catalog",
        ),
        (
            ["verify", "--json", "--timeout", "nan"],
            "argument --timeout: must be a number of seconds (got nan)",
        ),
        (
            ["check", "--json", "sigmoid(", "1"],
            "syntax error in expression 'sigmoid(': '(' was never closed at column 8",
        ),
        (["check", "z", "--json"], "the following arguments are required: rhs"),
        (["simplify", "--json", "foo(z)"], "unknown function 'foo'"),
        (["check-impl", "--json", "nosuchmodule.py:f", "sigmoid"], "no such file: nosuchmodule.py"),
        (["train", "--json", "--lr", "-1"], "lr must be finite and > 0 (got -1.0)"),
    ],
)
def test_json_errors_are_json(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """With --json, an error is printed as JSON on stdout too, with its exit code."""
    code, out, err = run(capsys, *argv)
    assert code == 2
    data = json.loads(out)
    assert data["exit_code"] == 2
    assert data["error"].startswith(message)
    assert err.splitlines()[-1].endswith(data["error"])


def test_unexpected_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception softsym did not foresee is one line (exit 2), JSON with --json; no traceback."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\n  with a second line")

    monkeypatch.setattr("softsym.cli.check.check", broken)
    code, out, err = run(capsys, "check", "z", "z")
    assert (code, out, err) == (2, "", "softsym: error: RuntimeError: boom\n")
    code, out, _ = run(capsys, "check", "z", "z", "--json")
    assert code == 2
    assert json.loads(out) == {"error": "RuntimeError: boom", "exit_code": 2}


def test_file_system_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An output folder below a file is an error line naming the path."""
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "out"
    code, _, err = run(capsys, "export", "softmax2-sigmoid", "--format", "md", "--out", str(target))
    assert (code, err) == (2, f"softsym: error: Not a directory: {target}\n")


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    """softsym verify --json | head: no error line, the code a shell gives SIGPIPE."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "softsym", "verify", "--json", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()  # the reader goes away; about 190 kB are still to come
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) in (0, 141)
    assert err == ""

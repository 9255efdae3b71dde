"""Tests of ``softsym check-tex``: verdicts per step, hints, JSON, exit codes, --annotate."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from softsym.cli import main

NOTES = Path(__file__).parent / "data" / "notes"
D2L = NOTES / "d2l_softmax.tex"
TANH = NOTES / "tanh.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def steps_of(out: str) -> list[dict[str, object]]:
    data = json.loads(out)
    return [s for f in data["files"] for c in f["chains"] for s in c["steps"]]


def test_d2l_chain_gets_the_missing_assumption(capsys: pytest.CaptureFixture[str]) -> None:
    """The d2l-style gradient is refuted and 'holds if Σ_j y_j = 1 (not stated)'."""
    code, out, _ = run(capsys, "check-tex", "--json", str(D2L))
    assert code == 1
    steps = steps_of(out)
    assert [(s["index"], s["line"], s["kind"], s["status"]) for s in steps] == [
        (1, 9, "definition", None),
        (2, 9, "equality", "proved"),
        (3, 13, "definition", None),
        (4, 14, "equality", "proved"),
        (5, 15, "equality", "refuted"),
        (6, 19, "equality", "refuted"),
        (7, 19, "equality", "proved"),
    ]
    assert steps[4]["hint"] == steps[5]["hint"] == "holds if Σ_j y_j = 1 (not stated)"
    assert steps[5]["lhs_tex"] == r"\partial_{o_j} L"
    point = steps[5]["counterexample"]["point"]  # type: ignore[index]
    assert (point["K"], point["j"]) == ("2", "1")
    assert "y_1" in point


def test_d2l_chain_with_the_directive_is_proved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stating the assumption in a directive makes every step proved: exit 0."""
    text = D2L.read_text(encoding="utf-8").replace(
        "\\begin{document}", "\\begin{document}\n% softsym: assume \\sum_j y_j = 1"
    )
    path = tmp_path / "stated.tex"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check-tex", str(path))
    assert code == 0, out
    assert out.splitlines()[-1] == (
        "7 steps in 3 chains: 5 proved, 0 refuted, 0 undecided, 0 unreadable; "
        "2 definitions, 0 not checked"
    )


def test_wrong_tanh_is_refuted_in_the_authors_symbols(capsys: pytest.CaptureFixture[str]) -> None:
    """tanh(z) = 2σ(z) − 1 is refuted at a point named in z; the right form is proved."""
    code, out, _ = run(capsys, "check-tex", str(TANH))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == rf"{TANH}:6: [1] \tanh(z) = 2\sigma(z) - 1"
    assert lines[1].startswith("    ✗ refuted at z = ")
    assert lines[2] == rf"{TANH}:12: [2] \tanh(z) = 2\sigma(2z) - 1"
    assert lines[3] == "    ✓ proved (exp-rational)"
    assert lines[-1].startswith("4 steps in 3 chains: 3 proved, 1 refuted")


def test_definition_directive_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    """The `define f(x) = ...` directive gives meaning to f in later steps."""
    _, out, _ = run(capsys, "check-tex", "--json", str(TANH))
    steps = steps_of(out)
    assert steps[2]["parsed"] == {
        "lhs": "Derivative(1/(1 + exp(-x)), x)",
        "rhs": "exp(-x)/(1 + exp(-x))**2",
    }
    assert [s["status"] for s in steps[2:]] == ["proved", "proved"]


def test_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """Exactly the issue's keys: files/path/chains/line/steps and the step fields."""
    _, out, _ = run(capsys, "check-tex", "--json", str(TANH), str(D2L))
    data = json.loads(out)
    assert list(data) == ["files", "summary"]
    assert [f["path"] for f in data["files"]] == [str(TANH), str(D2L)]
    for f in data["files"]:
        assert list(f) == ["path", "chains", "problems"]
        for c in f["chains"]:
            assert list(c) == ["line", "steps"]
            for s in c["steps"]:
                assert list(s) == [
                    "index",
                    "line",
                    "lhs_tex",
                    "rhs_tex",
                    "kind",
                    "status",
                    "method",
                    "reason",
                    "counterexample",
                    "hint",
                    "warning",
                    "parsed",
                ]
                assert list(s["parsed"]) == ["lhs", "rhs"]
    assert data["summary"]["steps"] == 11
    assert [s["index"] for s in steps_of(out)] == [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7]


def test_unreadable_step_does_not_stop_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A step that cannot be read is 'unreadable' with a position; later steps are checked."""
    path = tmp_path / "n.tex"
    path.write_text("\\[ a = \\frac{1}{ \\]\n\\[ x + x = 2x \\]\n", encoding="utf-8")
    code, out, _ = run(capsys, "check-tex", "--json", str(path))
    assert code == 1
    first, second = steps_of(out)
    assert first["status"] == "error"
    assert "column" in str(first["reason"])
    assert second["status"] == "proved"


def test_unchecked_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r"""``\approx`` and ``\le`` steps are reported with their kind, not checked; exit 0."""
    path = tmp_path / "n.md"
    path.write_text("$$ \\sigma(0) = \\frac{1}{2} \\approx 0.5 \\le 1 $$\n", encoding="utf-8")
    code, out, _ = run(capsys, "check-tex", "--json", str(path))
    assert code == 0
    assert [(s["kind"], s["status"]) for s in steps_of(out)] == [
        ("equality", "proved"),
        ("approximation", None),
        ("inequality", None),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.tex", None, "missing.tex: no such file"),
        ("broken.ipynb", "{", "broken.ipynb: not a notebook (JSON error at line 1)"),
        ("latin.md", b"\xe9t\xe9", "latin.md: not UTF-8 text (byte 0)"),
    ],
)
def test_file_errors_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes | None,
    message: str,
) -> None:
    """A missing, undecodable or broken file is one line on stderr and exit code 2."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check-tex", str(path))
    assert (code, out) == (2, "")
    assert err == f"softsym: error: {tmp_path}/{message}\n"


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """No file is a usage error (exit 2)."""
    code, _, err = run(capsys, "check-tex")
    assert code == 2
    assert "the following arguments are required: FILE" in err


def test_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Notebook Markdown cells are checked; steps carry their cell and line in the cell."""
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": ["x = 1\n"], "outputs": []},
            {"cell_type": "markdown", "metadata": {}, "source": ["Text\n", "$$ e^{0} = 1 $$"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    code, out, _ = run(capsys, "check-tex", str(path))
    assert code == 0
    assert out.splitlines()[0] == f"{path}:cell 2:2: [1] e^{{0}} = 1"


def test_macro_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--macros FILE and the `macros` directive define the document's commands."""
    (tmp_path / "m.tex").write_text("\\newcommand{\\sig}{\\sigma}\n", encoding="utf-8")
    doc = tmp_path / "n.tex"
    doc.write_text("\\[ \\sig(-z) = 1 - \\sig(z) \\]\n", encoding="utf-8")
    code, _, _ = run(capsys, "check-tex", "--macros", str(tmp_path / "m.tex"), str(doc))
    assert code == 0
    doc.write_text("% softsym: macros m.tex\n\\[ \\sig(-z) = 1 - \\sig(z) \\]\n", encoding="utf-8")
    code, _, _ = run(capsys, "check-tex", str(doc))
    assert code == 0


def require_pdflatex() -> None:
    """Skip without pdflatex, unless CI=true, where its absence is a failure."""
    if shutil.which("pdflatex") is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("pdflatex is not installed, but CI=true requires the LaTeX tests to run")
    pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base)")


def test_annotated_tex_compiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The --annotate copy of a .tex file has a mark per step and compiles with pdflatex."""
    out = tmp_path / "marked.tex"
    run(capsys, "check-tex", "--annotate", str(out), str(D2L))
    text = out.read_text(encoding="utf-8")
    original = set(D2L.read_text(encoding="utf-8").splitlines())
    assert all(line.isascii() for line in text.splitlines() if line not in original)
    assert r"[6] $\times$ refuted at K = 2, j = 1" in text
    assert r"holds if Sum\_j y\_j = 1 (not stated)" in text
    assert r"[7] $\surd$ proved (identical)" in text
    require_pdflatex()
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", out.name],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_annotated_markdown_keeps_math(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Markdown copy keeps every math block as it was and adds a line after each."""
    out = tmp_path / "marked.md"
    run(capsys, "check-tex", "--annotate", str(out), str(TANH))
    marked = out.read_text(encoding="utf-8")
    original = TANH.read_text(encoding="utf-8")
    assert [line for line in marked.splitlines() if not line.startswith("> softsym:")] == [
        line for line in _with_blank_lines(original)
    ]
    assert "> softsym: \\[1\\] ✗ refuted at z = " in marked
    assert "> softsym: \\[2\\] ✓ proved (exp-rational)  " in marked


def _with_blank_lines(text: str) -> list[str]:
    """The original lines with the two blank lines the annotator adds after each block end."""
    lines = text.splitlines()
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        if number in (7, 13, 21):
            out += ["", ""]
    return out


def test_annotate_several_files_into_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With several files, --annotate names a folder that receives one copy each."""
    run(capsys, "check-tex", "--annotate", str(tmp_path / "out"), str(TANH), str(D2L))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["d2l_softmax.tex", "tanh.md"]


def test_annotated_notebook_keeps_its_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The notebook copy is valid JSON with the mark after the math in its Markdown cell."""
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": ["x = 1\n"], "outputs": []},
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": ["$$ \\tanh(z) = 2\\sigma(z) - 1 $$"],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    out = tmp_path / "marked.ipynb"
    code, _, _ = run(capsys, "check-tex", "--annotate", str(out), str(path))
    assert code == 1
    marked = json.loads(out.read_text(encoding="utf-8"))
    assert marked["cells"][0] == nb["cells"][0]
    source = "".join(marked["cells"][1]["source"])
    assert source.startswith(
        "$$ \\tanh(z) = 2\\sigma(z) - 1 $$\n\n> softsym: \\[1\\] ✗ refuted at z = "
    )


def test_pre_commit_hook() -> None:
    """.pre-commit-hooks.yaml offers softsym-check-tex for .tex, .md and .ipynb files."""
    text = (Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook = [line.strip() for line in text.splitlines() if not line.startswith("#")]
    assert "- id: softsym-check-tex" in hook
    assert "entry: softsym check-tex" in hook
    assert r"files: \.(tex|md|ipynb)$" in hook
    assert "language: python" in hook


def test_annotate_leaves_the_preamble_alone(tmp_path: Path) -> None:
    """Math in a macro definition of the preamble gets no visible mark (it would not compile)."""
    from softsym.notes import annotate, check_document, parse_document

    text = (
        "\\newcommand{\\eq}{\\[ a = a \\]}\n"
        "\\begin{document}\n\\[ b + b = 2b \\]\n\\end{document}\n"
    )
    document = parse_document(text, kind="tex")
    marked = annotate("tex", text, check_document(document))
    assert marked.splitlines()[0] == "\\newcommand{\\eq}{\\[ a = a \\]}"
    assert marked.splitlines()[3] == r"{\small\textsf{softsym: [2] $\surd$ proved (identical)}}"


def test_inline_steps_are_marked_in_place(tmp_path: Path) -> None:
    """Inline math keeps its paragraph: an HTML comment (Markdown) or a % comment (LaTeX)."""
    from softsym.notes import annotate, check_document, parse_document

    md = "1. Show that $\\tanh(x) + 1 = 2\\sigma(2x)$.\n2. Next item.\n"
    marked = annotate("md", md, check_document(parse_document(md, kind="md")))
    assert marked.splitlines() == [
        "1. Show that $\\tanh(x) + 1 = 2\\sigma(2x)$. "
        "<!-- softsym: [1] ✓ proved (exp-rational) -->",
        "2. Next item.",
    ]
    tex = "\\begin{document}\nShow that $\\tanh(x) + 1 = 2\\sigma(2x)$ here.\n\\end{document}\n"
    marked = annotate("tex", tex, check_document(parse_document(tex, kind="tex")))
    assert marked.splitlines()[1].endswith("here. % softsym: [1] proved")
    assert len(marked.splitlines()) == 3


def test_bad_directive_is_reported_and_the_rest_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directive that cannot be used is a problem of the file (exit 1), not the end of it."""
    path = tmp_path / "n.tex"
    path.write_text(
        "% softsym: assume this is not math\n% softsym: asume x > 0\n\\[ x + x = 2x \\]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "check-tex", "--json", str(path))
    assert (code, err) == (1, "")
    [entry] = json.loads(out)["files"]
    assert [(p["line"], p["severity"]) for p in entry["problems"]] == [(1, "error"), (2, "error")]
    assert entry["problems"][1]["message"] == (
        f"{path}:2: unknown softsym directive 'asume' (expected assume, let, define or macros)"
    )
    assert [s["status"] for s in steps_of(out)] == ["proved"]
    assert json.loads(out)["summary"]["problems"] == 2
    code, out, _ = run(capsys, "check-tex", str(path))
    assert code == 1
    assert out.splitlines()[0] == (
        f"! {path}:1: cannot use the directive: expected exactly one relation "
        "(got 'this is not math')"
    )


def test_restated_definition_warning_in_text_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name defined twice with different values carries a warning; exit stays 0."""
    path = tmp_path / "n.md"
    path.write_text("$$ f(x) := x + 1 $$\n\n$$ f(x) := 2x $$\n\n$$ f(1) = 2 $$\n", encoding="utf-8")
    code, out, _ = run(capsys, "check-tex", "--json", str(path))
    assert code == 0
    warnings = [s["warning"] for s in steps_of(out)]
    assert warnings[0] is None
    assert warnings[2] is None
    assert str(warnings[1]).startswith("f(x) was defined before (line 1)")
    code, out, _ = run(capsys, "check-tex", str(path))
    assert "    warning: f(x) was defined before (line 1)" in out


def test_misreadings_are_not_refuted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A vector plus a number, a word on the left, x and x_i mixed: no valid step refuted."""
    path = tmp_path / "notes.md"
    path.write_text(
        "The odds are\n\n$$odds = \\frac{p}{1-p}$$\n\n"
        "$$\\ln(odds) = \\ln\\frac{p}{1-p}$$\n\n"
        "$$\\text{logsumexp}(x + c) = \\log\\sum_{i=1}^n e^{x_i + c}$$\n\n"
        "$$\\text{logsumexp}(x + c) = \\text{logsumexp}(x) + 2c$$\n\n"
        "$$e^{x} = \\sum_{i=1}^{n} e^{x_i}$$\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check-tex", "--json", str(path))
    assert code == 1
    steps = steps_of(out)
    assert [(s["line"], s["kind"], s["status"]) for s in steps] == [
        (3, "definition", None),
        (5, "equality", "proved"),
        (7, "equality", "proved"),
        (9, "equality", "refuted"),  # must fail: the wrong shift, refuted entry by entry
        (11, "equality", "error"),  # x and x_i: not read as unrelated, not checked
    ]
    assert steps[4]["reason"] == (
        "x is used both as a vector (x_i) and as a number (x), "
        "so its entries and the number x would be unrelated"
    )
    code, out, _ = run(capsys, "check-tex", str(path))
    assert "! unreadable: x is used both as a vector (x_i) and as a number (x)" in out

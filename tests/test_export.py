"""Tests of softsym.render.export: certificates, files, determinism, the command, notebook API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from sympy import exp

import softsym
from softsym import Derivation, Step, real_symbols, sigmoid
from softsym.cli import main
from softsym.render.export import certificate, check_with_citations, export, render_files
from softsym.render.markdown import to_markdown

DATA = Path(__file__).parent / "data"
CASES = str(DATA / "export_cases.py")

z = real_symbols("z")

SMALL = Derivation(
    name="small-sigmoid",
    title="Symmetry: σ(−z) = 1 − σ(z)",
    lhs=sigmoid(-z),
    rhs=1 - sigmoid(z),
    steps=(
        Step(1 / (1 + exp(z)), r"definition of $\sigma$ at $-z$"),
        Step(1 - sigmoid(z), r"$1/(1 + e^{z}) = 1 - \sigma(z)$"),
    ),
    references=("Bishop, PRML, §4.2",),
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_certificate_golden() -> None:
    """The JSON certificate of a small derivation is exactly this."""
    result = check_with_citations([SMALL])["small-sigmoid"]
    text = render_files({"small-sigmoid": result}, ["small-sigmoid"], "json")["small-sigmoid.json"]
    assert text == (
        "{\n"
        '  "certificate": "softsym proof certificate",\n'
        '  "format": 1,\n'
        f'  "softsym": "{softsym.__version__}",\n'
        f'  "sympy": "{sympy.__version__}",\n'
        '  "statement": "sigmoid(-z) = 1 - sigmoid(z)",\n'
        '  "description": "",\n'
        '  "source": null,\n'
        '  "name": "small-sigmoid",\n'
        '  "title": "Symmetry: σ(−z) = 1 − σ(z)",\n'
        '  "status": "proved",\n'
        '  "lhs": "sigmoid(-z)",\n'
        '  "rhs": "1 - sigmoid(z)",\n'
        '  "assumptions": [],\n'
        '  "where": [],\n'
        '  "uses": [],\n'
        '  "references": [\n'
        '    "Bishop, PRML, §4.2"\n'
        "  ],\n"
        '  "problems": [],\n'
        '  "steps": [\n'
        "    {\n"
        '      "index": 1,\n'
        '      "expr": "1/(exp(z) + 1)",\n'
        '      "reason": "definition of $\\\\sigma$ at $-z$",\n'
        '      "uses": [],\n'
        '      "verdict": {\n'
        '        "status": "proved",\n'
        '        "method": "identical",\n'
        '        "reason": "both sides are the same after unfolding definitions",\n'
        '        "lhs": "sigmoid(-z)",\n'
        '        "rhs": "1/(exp(z) + 1)",\n'
        '        "assumptions": [],\n'
        '        "counterexample": null\n'
        "      }\n"
        "    },\n"
        "    {\n"
        '      "index": 2,\n'
        '      "expr": "1 - sigmoid(z)",\n'
        '      "reason": "$1/(1 + e^{z}) = 1 - \\\\sigma(z)$",\n'
        '      "uses": [],\n'
        '      "verdict": {\n'
        '        "status": "proved",\n'
        '        "method": "exp-rational",\n'
        '        "reason": "with t = exp(z/L) the difference is the zero rational function",\n'
        '        "lhs": "1/(exp(z) + 1)",\n'
        '        "rhs": "1 - sigmoid(z)",\n'
        '        "assumptions": [],\n'
        '        "counterexample": null\n'
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n"
    )


def test_timings_are_opt_in() -> None:
    """Step times appear in a certificate only when asked for."""
    result = check_with_citations([SMALL])["small-sigmoid"]
    assert "seconds" not in json.dumps(certificate(result))
    timed = certificate(result, timings=True)
    assert isinstance(timed["seconds"], float)
    assert all(isinstance(s["verdict"]["seconds"], float) for s in timed["steps"])


@pytest.mark.parametrize(
    ("fmt", "options", "names"),
    [
        ("tex", {}, ["small-sigmoid.tex"]),
        ("tex", {"bundle": True}, ["small-sigmoid.tex", "softsym-catalog.tex"]),
        ("md", {"bundle": True}, ["small-sigmoid.md", "index.md"]),
        ("json", {"bundle": True}, ["small-sigmoid.json", "softsym-catalog.json"]),
    ],
)
def test_render_files_names(fmt: str, options: dict[str, bool], names: list[str]) -> None:
    """Each format writes NAME.<suffix>, and --bundle one more file for all."""
    results = check_with_citations([SMALL])
    assert list(render_files(results, ["small-sigmoid"], fmt, **options)) == names


def test_export_writes_files(tmp_path: Path) -> None:
    """export() checks, writes the files and reports what it wrote."""
    report = export([SMALL], tmp_path / "new" / "folder", "md")
    assert report.proved
    assert [p.name for p in report.files] == ["small-sigmoid.md"]
    assert (
        report.files[0]
        .read_text(encoding="utf-8")
        .startswith("# Symmetry: $\\sigma(-z) = 1 - \\sigma(z)$\n")
    )


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "tex"],
        ["--format", "tex", "--standalone", "--bundle"],
        ["--format", "md", "--bundle"],
        ["--format", "json", "--bundle"],
        ["--format", "tex", "--standalone", "--bundle", "--methods", "--paper", "letter"],
        ["--format", "md", "--bundle", "--methods", "--no-implementation"],
    ],
)
def test_export_is_byte_identical(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, options: list[str]
) -> None:
    """Two exports of the same derivations are byte for byte the same."""
    targets = ["sigmoid-derivative", "two-class-gradient-z1", CASES]
    first, second = tmp_path / "a", tmp_path / "b"
    assert run(capsys, "export", *targets, *options, "--out", str(first))[0] == 1
    assert run(capsys, "export", *targets, *options, "--out", str(second))[0] == 1
    assert read_all(first) == read_all(second)
    assert len(read_all(first)) >= 4


def test_export_layout_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--paper, --methods and --no-implementation reach the LaTeX; a bad paper size exits 2."""
    code, _, _ = run(
        capsys,
        "export",
        "softmax2-sigmoid",
        "--format",
        "tex",
        "--standalone",
        "--paper",
        "letter",
        "--methods",
        "--no-implementation",
        "--out",
        str(tmp_path),
    )
    assert code == 0
    text = (tmp_path / "softmax2-sigmoid.tex").read_text(encoding="utf-8")
    assert "\\usepackage[letterpaper,margin=2.5cm]{geometry}" in text
    assert "{\\scriptsize[\\textsf{exp-rational}]}" in text
    assert "Implementation" not in text
    assert "Machine-checked by softsym" in text
    code, _, err = run(
        capsys, "export", "softmax2-sigmoid", "--format", "tex", "--paper", "a5", "--out", "x"
    )
    assert code == 2
    assert "invalid choice: 'a5' (choose from" in err


def test_export_command_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """export prints each derivation's status and exits 0 when all are proved."""
    code, out, err = run(
        capsys, "export", "softmax2-sigmoid", "--format", "tex", "--out", str(tmp_path)
    )
    assert code == 0
    assert out == f"softmax2-sigmoid: proved\nwrote 1 file to {tmp_path}\n"
    assert err == ""
    assert (tmp_path / "softmax2-sigmoid.tex").read_text(encoding="utf-8").startswith("% softsym")


def test_export_not_proved_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A refuted derivation is still written, marked, and the command exits 1."""
    code, out, err = run(capsys, "export", CASES, "--format", "md", "--out", str(tmp_path))
    assert code == 1
    assert "export-refuted: NOT PROVED (refuted), marked in the output" in out
    assert "export-cites-catalog: proved" in out
    assert err == "softsym: not proved: export-refuted\n"
    page = (tmp_path / "export-refuted.md").read_text(encoding="utf-8")
    assert "> **Not proved: refuted.**" in page


def test_export_json_timings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--timings adds seconds to the JSON certificates."""
    argv = ["export", "softmax2-sigmoid", "--format", "json", "--timings", "--out", str(tmp_path)]
    assert run(capsys, *argv)[0] == 0
    data = json.loads((tmp_path / "softmax2-sigmoid.json").read_text(encoding="utf-8"))
    assert data["status"] == "proved"
    assert "seconds" in data
    assert [s["verdict"]["method"] for s in data["steps"]] == [
        "identical",
        "exp-rational",
        "identical",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "md", "--standalone"], "--standalone applies to --format tex"),
        (["--format", "tex", "--timings"], "--timings applies to --format json"),
        (["--format", "tex", "--timeout", "0"], "--timeout must be positive (got 0)"),
        (["no-such-derivation", "--format", "tex"], "unknown derivation 'no-such-derivation'"),
    ],
)
def test_export_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    """Bad options exit 2 with a one-line message and write nothing."""
    code, _, err = run(capsys, "export", *argv, "--out", str(tmp_path / "out"))
    assert code == 2
    assert err.startswith("softsym: error: ")
    assert message in err
    assert not (tmp_path / "out").exists()


def test_export_out_must_be_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--out naming a file is an error."""
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "export", "softmax2-sigmoid", "--format", "md", "--out", str(target))
    assert code == 2
    assert err == f"softsym: error: --out must be a folder, but {target} is a file\n"


def test_format_is_required(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--format is required and limited to the four formats."""
    code, _, err = run(capsys, "export", "--format", "docx", "--out", str(tmp_path))
    assert code == 2
    assert "invalid choice: 'docx'" in err


def test_derivation_to_latex_and_markdown() -> None:
    """Derivation.to_latex/to_markdown give the same text as the export."""
    results = check_with_citations([SMALL])
    files = render_files(results, ["small-sigmoid"], "tex")
    assert SMALL.to_latex() == files["small-sigmoid.tex"]
    standalone = render_files(results, ["small-sigmoid"], "tex", standalone=True)
    assert SMALL.to_latex(standalone=True) == standalone["small-sigmoid.tex"]
    # The notebook page sets display math in $$ (Jupyter), the export in ```math fences (GitHub).
    exported = render_files(results, ["small-sigmoid"], "md")["small-sigmoid.md"]
    assert SMALL.to_markdown() == to_markdown(results["small-sigmoid"], display="dollars")
    assert "```math" in exported
    assert "```math" not in SMALL.to_markdown()


def test_jupyter_reprs() -> None:
    """A derivation shows itself in Jupyter as Markdown and as display math."""
    assert SMALL._repr_markdown_() == SMALL.to_markdown()
    latex = SMALL._repr_latex_()
    assert latex.startswith("$$\n\\begin{gathered}\n\\textbf{Symmetry: σ(−z) = 1 − σ(z)} \\\\\n")
    assert "\\begin{aligned}\n\\sigma\\mathopen{}\\left(- z\\right)\\mathclose{} &= " in latex
    assert "\\text{small-sigmoid: proved. Machine-checked by softsym" in latex


def test_notebook_api_resolves_catalog_citations() -> None:
    """A derivation citing the catalog is proved when rendered on its own."""
    cites = softsym.load_path(CASES)[0]
    assert cites.name == "export-cites-catalog"
    page = cites.to_markdown()
    assert "**Proof.**" in page
    assert "(by [`softmax2-sigmoid`](softmax2-sigmoid.md))" in page
    doc = cites.to_latex(standalone=True)
    assert doc.index(r"\label{softsym:softmax2-sigmoid}") < doc.index(
        r"\label{softsym:export-cites-catalog}"
    )


def test_certificates_name_their_source(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A certificate says where its derivation came from: its file as given, or the catalog."""
    monkeypatch.chdir(DATA)
    argv = ["export", "softmax2-sigmoid", "export_cases.py", "--format", "json", "--bundle"]
    assert run(capsys, *argv, "--out", str(tmp_path))[0] == 1
    sources = {
        p.stem: json.loads(p.read_text(encoding="utf-8")).get("source")
        for p in tmp_path.glob("*.json")
        if p.stem != "softsym-catalog"
    }
    assert sources == {
        "softmax2-sigmoid": "catalog",
        "export-cites-catalog": "export_cases.py",
        "export-refuted": "export_cases.py",
    }
    bundle = json.loads((tmp_path / "softsym-catalog.json").read_text(encoding="utf-8"))
    assert [c["source"] for c in bundle["derivations"]] == [
        "catalog",
        "export_cases.py",
        "export_cases.py",
    ]
    text = (tmp_path / "softmax2-sigmoid.json").read_text(encoding="utf-8")
    assert '  "source": "catalog",\n  "name": "softmax2-sigmoid",\n' in text


def test_a_false_restatement_of_a_catalog_name_gets_no_certificate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A user file reusing a catalog name is an error: no "proved" certificate is written."""
    argv = ["export", str(DATA / "restates_catalog.py"), "--format", "json"]
    code, out, err = run(capsys, *argv, "--out", str(tmp_path / "out"))
    assert (code, out) == (2, "")
    assert "two derivations are named 'sigmoid-derivative'" in err
    assert "and in the catalog" in err
    assert not (tmp_path / "out").exists()

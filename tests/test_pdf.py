"""Tests that the LaTeX export compiles: the whole catalog, hostile titles, latexify's output.

These tests need pdflatex. Without it they skip locally, but fail when the
environment variable CI is "true": CI installs TeX Live, so a missing engine
there is an error, not a reason to skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import generator

from softsym import Derivation, Step, real_symbols, sigmoid
from softsym.cli import main
from softsym.reference import REFERENCE
from softsym.render.export import (
    ExportError,
    check_with_citations,
    compile_pdf,
    overfull_boxes,
    render_files,
)
from softsym.render.latex import escape_text, standalone_document

DATA = Path(__file__).parent / "data"
DOCS = Path(__file__).parent.parent / "docs"

z = real_symbols("z")


def require(tool: str = "pdflatex") -> None:
    """Skip without the tool, unless CI=true, where its absence is a failure."""
    if shutil.which(tool) is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{tool} is not installed, but CI=true requires the LaTeX tests to run")
    pytest.skip(
        f"{tool} is not installed (apt-get install texlive-latex-base "
        "texlive-latex-recommended latexmk)"
    )


def pdflatex_log(folder: Path, text: str) -> str:
    """Compile a document twice with pdflatex and return its log."""
    (folder / "doc.tex").write_text(text, encoding="utf-8")
    for _ in range(2):
        subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=120,
        )
    return (folder / "doc.log").read_text(encoding="latin-1")


def test_catalog_compiles(tmp_path: Path) -> None:
    """Every standalone PDF of the catalog and the bundle compile; no box overflows by 1 pt."""
    require()
    results = generator().catalog_results()
    names = list(results)
    documents = render_files(results, names, "pdf", bundle=True)
    logs: dict[str, str] = {}
    written = compile_pdf(documents, tmp_path, engine="pdflatex", logs=logs)
    assert [p.name for p in written] == [n.replace(".tex", ".pdf") for n in documents]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert (tmp_path / "softsym-catalog.pdf").stat().st_size > 10_000
    assert sorted(logs) == sorted(documents)
    overfull = {name: overfull_boxes(log, over=1.0) for name, log in logs.items()}
    assert {name: boxes for name, boxes in overfull.items() if boxes} == {}
    # The bundle's notation section draws the three networks with TikZ.
    assert "tikz.sty" in logs["softsym-catalog.tex"]


def test_overfull_boxes_are_seen(tmp_path: Path) -> None:
    """The overflow check reads real pdflatex logs: a line wider than the page is reported."""
    require()
    wide = (
        "\\documentclass{article}\n\\begin{document}\n"
        "\\noindent\\hbox to 30cm{wide\\hfil}\n\\[ a \\]\n\\end{document}\n"
    )
    logs: dict[str, str] = {}
    compile_pdf({"wide.tex": wide}, tmp_path, engine="pdflatex", logs=logs)
    boxes = overfull_boxes(logs["wide.tex"], over=1.0)
    assert len(boxes) == 1
    assert boxes[0] > 400  # 30 cm is about 854 pt; the text is about 345 pt wide


def test_export_paper_and_hostile_math_titles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """--paper letter --methods compiles, and so do titles whose math-like words are malformed."""
    require()
    code = main(
        [
            "export",
            str(DATA / "hostile_titles.py"),
            "--format",
            "pdf",
            "--paper",
            "letter",
            "--methods",
            "--out",
            str(tmp_path),
        ]
    )
    capsys.readouterr()
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hostile-math-title.pdf",
        "softsym-catalog.pdf",
        "w1-title.pdf",
    ]


def test_hostile_title_compiles(tmp_path: Path) -> None:
    """A title with 50% & $x_1$ #1 (and every other special character) compiles."""
    require()
    title = '50% & $x_1$ #1 {a} ~b^c_d\\ [e] <f> |g| "h" σ − ∂ ≤ ℝ x₁ é § ☃'
    derivation = Derivation(
        name="hostile",
        title=title,
        lhs=sigmoid(-z),
        rhs=1 - sigmoid(z),
        steps=(Step(1 - sigmoid(z), title + " and $\\frac{1}{1 + e^{z}}$ and $bad & math$"),),
        description=title,
        references=(title,),
    )
    result = check_with_citations([derivation])["hostile"]
    written = compile_pdf({"hostile.tex": standalone_document(result)}, tmp_path)
    assert written == [tmp_path / "hostile.pdf"]


def test_refuted_export_compiles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """export --format pdf writes refuted derivations too, and exits 1."""
    require()
    code = main(
        [
            "export",
            str(DATA / "export_cases.py"),
            "--format",
            "pdf",
            "--bundle",
            "--out",
            str(tmp_path),
        ]
    )
    capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "export-cites-catalog.pdf",
        "export-refuted.pdf",
        "softsym-catalog.pdf",
    ]


def test_pdf_bundle_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """export --format pdf of several derivations writes the bundle too, unless --no-bundle."""
    require()
    names = ["softmax2-sigmoid", "sigmoid-derivative"]
    assert main(["export", *names, "--format", "pdf", "--out", str(tmp_path / "a")]) == 0
    assert (
        main(["export", *names, "--format", "pdf", "--no-bundle", "--out", str(tmp_path / "b")])
        == 0
    )
    capsys.readouterr()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "sigmoid-derivative.pdf",
        "softmax2-sigmoid.pdf",
        "softsym-catalog.pdf",
    ]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "sigmoid-derivative.pdf",
        "softmax2-sigmoid.pdf",
    ]


def test_latexify_output_compiles(tmp_path: Path) -> None:
    """latexify's rendering of every reference function compiles with amsmath and amssymb only."""
    require()
    body = "\n".join(f"\\[\n{r.latex}\n\\]" for r in REFERENCE)
    text = (
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n"
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n"
    )
    assert compile_pdf({"latexify.tex": text}, tmp_path) == [tmp_path / "latexify.pdf"]


def test_text_uses_no_bitmap_fonts(tmp_path: Path) -> None:
    """Escaped text never needs a font that TeX must render as a bitmap (e.g. TS1 symbols)."""
    require()
    text = escape_text('50% & $ # _ { } ~ ^ \\ < > | [ ] " σ − ∂ ≤ ℝ x₁ x² é ü ß § ¶ © – — … ¿ ¡')
    doc = (
        "\\documentclass[11pt]{article}\n\\usepackage{amsmath,amssymb,amsthm}\n"
        f"\\begin{{document}}\n{text}\n\\begin{{itemize}}\\item[$\\bullet$] x\\end{{itemize}}\n"
        f"$\\text{{{text}}}$\n\\end{{document}}\n"
    )
    log = pdflatex_log(tmp_path, doc)
    assert "Output written on doc.pdf" in log
    assert re.search(r"\.\d+pk>", log) is None


def test_pdf_is_reproducible(tmp_path: Path) -> None:
    """The same document compiles to the same bytes (no creation date in the PDF)."""
    require()
    result = check_with_citations(
        [
            Derivation(
                name="same",
                title="Same",
                lhs=sigmoid(z),
                rhs=sigmoid(z),
                steps=(Step(sigmoid(z), "same"),),
            )
        ]
    )["same"]
    documents = {"same.tex": standalone_document(result)}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = compile_pdf(documents, tmp_path / "a")
    second = compile_pdf(documents, tmp_path / "b")
    assert first[0].read_bytes() == second[0].read_bytes()


def test_latex_error_quotes_the_log(tmp_path: Path) -> None:
    """A LaTeX error fails the export with the first error lines of the log."""
    require()
    broken = "\\documentclass{article}\n\\begin{document}\n\\nosuchmacro\n\\end{document}\n"
    with pytest.raises(ExportError) as info:
        compile_pdf({"broken.tex": broken}, tmp_path, engine="pdflatex")
    message = str(info.value)
    assert message.startswith(
        "pdflatex failed on broken.tex (exit 1):\n! Undefined control sequence."
    )
    assert "l.3 \\nosuchmacro" in message
    assert not (tmp_path / "broken.pdf").exists()


def test_undefined_reference_fails(tmp_path: Path) -> None:
    """An undefined reference counts as a failure."""
    require()
    dangling = "\\documentclass{article}\n\\begin{document}\nSee \\ref{nowhere}.\n\\end{document}\n"
    with pytest.raises(ExportError, match=r"pdflatex left undefined references in dangling\.tex"):
        compile_pdf({"dangling.tex": dangling}, tmp_path, engine="pdflatex")


def test_latexmk_is_used_when_present(tmp_path: Path) -> None:
    """latexmk compiles the documents when installed (.ci/run installs it for CI)."""
    require("latexmk")
    result = check_with_citations(
        [
            Derivation(
                name="mk",
                title="Mk",
                lhs=sigmoid(z),
                rhs=sigmoid(z),
                steps=(Step(sigmoid(z), "same"),),
            )
        ]
    )["mk"]
    assert compile_pdf({"mk.tex": standalone_document(result)}, tmp_path, engine="latexmk") == [
        tmp_path / "mk.pdf"
    ]


def test_no_tex_engine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a TeX engine, pdf export exits 2 saying how to install one."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code = main(["export", "softmax2-sigmoid", "--format", "pdf", "--out", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(
        "softsym: error: cannot make PDFs: no TeX engine (latexmk or pdflatex) found;"
    )
    assert "apt-get install texlive-latex-base texlive-latex-recommended" in err
    assert list(tmp_path.iterdir()) == []


def test_require_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing pdflatex skips the LaTeX tests locally but fails them when CI=true."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires the LaTeX tests to run"):
        require()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="pdflatex is not installed"):
        require()


def test_beamer_slides_compile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """export --format beamer writes the slides of the whole catalog and compiles them."""
    require()
    assert main(["export", "--format", "beamer", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "softsym-slides.pdf",
        "softsym-slides.tex",
    ]
    assert (tmp_path / "softsym-slides.pdf").read_bytes().startswith(b"%PDF")

"""Export checked derivations as LaTeX, PDF, Markdown or JSON proof certificates.

:func:`export` is the pipeline: check the derivations together with the ones
they cite (:func:`check_with_citations`), render every file in memory
(:func:`render_files`), write them, and for PDF compile the LaTeX with
pdflatex or latexmk (:func:`compile_pdf`). Everything but the PDF step is
deterministic: the same derivations give byte-identical files (there are no
dates, and timings appear only in JSON with ``timings=True``).

Derivations that are not proved are exported too, clearly marked
"Not proved"; :attr:`ExportReport.proved` tells whether all were proved.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from softsym._version import __version__
from softsym.errors import ExportError
from softsym.proofs.derivation import Derivation, DerivationResult, check_with_citations
from softsym.render.choices import BUNDLE_NAME, FORMATS
from softsym.render.latex import DocumentOptions

__all__ = [
    "BUNDLE_NAME",
    "FORMATS",
    "SLIDES_NAME",
    "DocumentOptions",
    "ExportError",
    "ExportReport",
    "certificate",
    "check_with_citations",
    "compile_pdf",
    "derivation_latex",
    "derivation_markdown",
    "derivation_repr_latex",
    "export",
    "log_excerpt",
    "overfull_boxes",
    "render_files",
    "tex_engine",
]

SLIDES_NAME = "softsym-slides"
"""File name (without suffix) of the slides of ``--format beamer``."""

INSTALL_HINT = (
    "install a TeX distribution, e.g. `apt-get install texlive-latex-base "
    "texlive-latex-recommended` (Debian/Ubuntu), `dnf install texlive-scheme-basic` "
    "(Fedora) or MacTeX (macOS); or export LaTeX with --format tex"
)

_RUN_TIMEOUT = 300.0
_MAX_RUNS = 4


@dataclass(frozen=True)
class ExportReport:
    """What :func:`export` did.

    Attributes:
        results: The checked derivations that were asked for, in the order asked.
        files: The files written, in the order written.
    """

    results: tuple[DerivationResult, ...]
    files: tuple[Path, ...]

    @property
    def proved(self) -> bool:
        """Whether every exported derivation is proved."""
        return all(r.proved for r in self.results)


def _cited(name: str, results: dict[str, DerivationResult]) -> list[DerivationResult]:
    """The results a derivation cites, directly or not, in dependency order."""
    seen: set[str] = set()

    def collect(n: str) -> None:
        if n in results and n not in seen:
            seen.add(n)
            for m in results[n].derivation.uses:
                collect(m)

    collect(name)
    return [r for n, r in results.items() if n in seen and n != name]


def certificate(result: DerivationResult, *, timings: bool = False) -> dict[str, Any]:
    """Return a derivation's proof certificate as JSON-ready data.

    The certificate holds the statement, the assumptions, each step with the
    kernel's verdict and method, the softsym and SymPy versions, and the
    ``source`` of the derivation: the path of its file, ``"catalog"``, or
    ``null`` for a derivation not loaded from a file. Step times
    (``seconds``) are included only with ``timings``: they are the one field
    that differs between runs.
    """
    import sympy

    d = result.derivation
    data: dict[str, Any] = {
        "certificate": "softsym proof certificate",
        "format": 1,
        "softsym": __version__,
        "sympy": sympy.__version__,
        "statement": f"{d.lhs} = {d.rhs}",
        "description": d.description,
        "source": d.source or None,
    }
    data.update(result.to_json(timings=timings))
    return data


def _json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_files(
    results: dict[str, DerivationResult],
    names: Sequence[str],
    fmt: str,
    *,
    standalone: bool = False,
    bundle: bool = False,
    timings: bool = False,
    options: DocumentOptions | None = None,
) -> dict[str, str]:
    r"""Render the files of an export in memory.

    Args:
        results: Checked derivations by name, in dependency order, including
            every derivation the exported ones cite (see :func:`check_with_citations`).
        names: The derivations to export.
        fmt: ``tex``, ``md``, ``json`` or ``beamer`` (``pdf`` renders the standalone
            LaTeX; ``beamer`` one deck of slides, ``softsym-slides.tex``).
        standalone: For ``tex``: complete articles instead of ``\\input`` fragments.
        bundle: Also render one file for all: ``softsym-catalog.tex`` (a
            document with a table of contents), ``index.md`` (a contents page
            linking every page) or ``softsym-catalog.json``.
        timings: For ``json``: include each step's time.
        options: Paper size, per-step methods, implementations (LaTeX, PDF, beamer).

    Returns:
        File name → content, in a fixed order.
    """
    from softsym.render import latex as render_latex
    from softsym.render import markdown as render_markdown

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chosen = [results[n] for n in names]
    opts = options or render_latex.DocumentOptions()
    files: dict[str, str] = {}
    if fmt in ("tex", "pdf"):
        for r in chosen:
            if standalone or fmt == "pdf":
                cited = _cited(r.derivation.name, results)
                text = render_latex.standalone_document(r, cited, opts)
            else:
                text = render_latex.to_latex(r, opts)
            files[f"{r.derivation.name}.tex"] = text
        if bundle:
            wanted = set(names)
            for n in names:
                wanted.update(c.derivation.name for c in _cited(n, results))
            ordered = [r for n, r in results.items() if n in wanted]
            files[f"{BUNDLE_NAME}.tex"] = render_latex.bundle_document(ordered, options=opts)
    elif fmt == "beamer":
        from softsym.render.beamer import slides_document

        files[f"{SLIDES_NAME}.tex"] = slides_document(chosen, options=opts)
    elif fmt == "md":
        for r in chosen:
            files[f"{r.derivation.name}.md"] = render_markdown.to_markdown(
                r, methods=opts.methods, implementation=opts.implementation
            )
        if bundle:
            files["index.md"] = render_markdown.index_markdown(chosen)
    else:
        for r in chosen:
            files[f"{r.derivation.name}.json"] = _json_text(certificate(r, timings=timings))
        if bundle:
            files[f"{BUNDLE_NAME}.json"] = _json_text(
                {"derivations": [certificate(r, timings=timings) for r in chosen]}
            )
    return files


def export(
    derivations: Sequence[Derivation],
    out_dir: str | Path,
    fmt: str,
    *,
    library: Sequence[Derivation] = (),
    standalone: bool = False,
    bundle: bool = False,
    timings: bool = False,
    timeout: float | None = None,
    options: DocumentOptions | None = None,
) -> ExportReport:
    """Check derivations and write them to ``out_dir`` in one format.

    Args:
        derivations: The derivations to export.
        out_dir: The output folder (created if missing; files of the same
            names are replaced).
        fmt: ``tex``, ``pdf``, ``md``, ``json`` or ``beamer`` (slides: the LaTeX and its PDF).
        library: Derivations that may be cited (the catalog).
        standalone: For ``tex``: complete articles instead of fragments.
        bundle: Also write one file for all (see :func:`render_files`).
        timings: For ``json``: include each step's time.
        timeout: Time limit per step.
        options: Paper size, per-step methods, implementations (LaTeX, PDF, beamer).

    Returns:
        The checked derivations and the files written.

    Raises:
        ExportError: ``out_dir`` is not a folder, no TeX engine is installed
            (``pdf``), or LaTeX fails (the message quotes its log).
    """
    results = check_with_citations(derivations, library, timeout=timeout)
    names = list(dict.fromkeys(d.name for d in derivations))
    files = render_files(
        results,
        names,
        fmt,
        standalone=standalone,
        bundle=bundle,
        timings=timings,
        options=options,
    )
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out must be a folder, but {out} is a file")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "pdf":
        written = compile_pdf(files, out)
    elif fmt == "beamer":
        written = []
        for name, text in files.items():
            path = out / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
        written += compile_pdf(files, out)
    else:
        written = []
        for name, text in files.items():
            path = out / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return ExportReport(tuple(results[n] for n in names), tuple(written))


# ---------------------------------------------------------------------------
# PDF


def tex_engine() -> str | None:
    """Return the TeX tool on PATH that :func:`compile_pdf` uses: latexmk, else pdflatex."""
    for tool in ("latexmk", "pdflatex"):
        if shutil.which(tool):
            return tool
    return None


def compile_pdf(
    documents: dict[str, str],
    out_dir: Path,
    *,
    engine: str | None = None,
    logs: dict[str, str] | None = None,
) -> list[Path]:
    """Compile LaTeX documents in a temporary folder and copy the PDFs to ``out_dir``.

    pdflatex runs until the references settle (at least twice, at most four
    times); latexmk decides by itself. A document fails on any LaTeX error
    and on any undefined reference.

    Args:
        documents: File name (``NAME.tex``) → complete LaTeX document.
        out_dir: Where the PDFs go.
        engine: ``"latexmk"`` or ``"pdflatex"`` (default: :func:`tex_engine`).
        logs: If given, filled with file name → the log of its last LaTeX run
            (for :func:`overfull_boxes`).

    Returns:
        The PDFs written, in the order of ``documents``.

    Raises:
        ExportError: No engine is installed, or a document fails to compile;
            the message says how to install one, or quotes the log's first error.
    """
    tool = engine or tex_engine()
    if tool is None or shutil.which(tool) is None:
        raise ExportError(
            f"cannot make PDFs: no TeX engine (latexmk or pdflatex) found; {INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="softsym-pdf-") as tmp:
        jobs = []
        for name, text in documents.items():
            folder = Path(tmp) / Path(name).stem  # one folder per job: no shared aux files
            folder.mkdir()
            (folder / name).write_text(text, encoding="utf-8")
            jobs.append(folder / name)
        workers = max(1, min(len(jobs), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            failures = [f for f in pool.map(lambda p: _compile_one(tool, p), jobs) if f]
        if failures:
            more = f"\n({len(failures) - 1} more documents failed)" if len(failures) > 1 else ""
            raise ExportError(failures[0] + more)
        if logs is not None:
            for tex in jobs:
                log_path = tex.with_suffix(".log")
                if log_path.exists():
                    logs[tex.name] = log_path.read_text(encoding="latin-1")
        written = []
        for tex in jobs:
            target = out_dir / tex.with_suffix(".pdf").name
            shutil.copyfile(tex.with_suffix(".pdf"), target)
            written.append(target)
        return written


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # pdfTeX takes dates from SOURCE_DATE_EPOCH when forced, so a PDF does not
    # change with the time it was made.
    env.update({"SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"})
    return env


def _compile_one(tool: str, tex: Path) -> str:
    """Compile one document; return "" on success or the failure message."""
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    if tool == "latexmk":
        commands = [["latexmk", "-pdf", "-silent", *flags, tex.name]]
    else:
        commands = [["pdflatex", *flags, tex.name]] * _MAX_RUNS
    log_path = tex.with_suffix(".log")
    for i, command in enumerate(commands):
        try:
            done = subprocess.run(  # noqa: S603 - a fixed tool name and our own file
                command,
                cwd=tex.parent,
                env=_environment(),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=_RUN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"{tool} took longer than {_RUN_TIMEOUT:g} s on {tex.name}"
        log = log_path.read_text(encoding="latin-1") if log_path.exists() else ""
        if done.returncode != 0:
            output = log or done.stdout.decode("latin-1", "replace")
            return f"{tool} failed on {tex.name} (exit {done.returncode}):\n{log_excerpt(output)}"
        settled = "Rerun to get" not in log and "undefined references" not in log
        if tool == "pdflatex" and i >= 1 and settled:
            break
    undefined = [
        line for line in log.splitlines() if "undefined" in line and "LaTeX Warning" in line
    ]
    if undefined:
        return f"{tool} left undefined references in {tex.name}:\n" + "\n".join(undefined[:10])
    return ""


_OVERFULL = re.compile(r"^Overfull \\[hv]box \((\d+(?:\.\d+)?)pt too (?:wide|high)\)", re.M)


def overfull_boxes(log: str, *, over: float = 0.0) -> list[float]:
    r"""Return how far each overfull box of a LaTeX log sticks out, in pt (those above ``over``).

    >>> overfull_boxes("Overfull \\hbox (12.3pt too wide) in paragraph at lines 3--4")
    [12.3]
    """
    return [float(m.group(1)) for m in _OVERFULL.finditer(log) if float(m.group(1)) > over]


def log_excerpt(log: str, *, lines: int = 12) -> str:
    r"""Return the first LaTeX error of a log: from the ``!`` line to the ``l.NN`` line.

    Without an error line, return the log's last lines.

    >>> print(log_excerpt("junk\n! Undefined control sequence.\nl.3 \\oops\n   \nmore"))
    ! Undefined control sequence.
    l.3 \oops
    """
    all_lines = log.splitlines()
    for i, line in enumerate(all_lines):
        if line.startswith("!"):
            excerpt = all_lines[i : i + lines]
            for k, text in enumerate(excerpt):
                if re.match(r"l\.\d+ ", text):
                    excerpt = excerpt[: k + 1]
                    break
            return "\n".join(excerpt)
    return "\n".join(all_lines[-lines:])


# ---------------------------------------------------------------------------
# Notebook helpers (used by Derivation.to_latex, to_markdown and the Jupyter reprs)


def _results_for(derivation: Derivation, timeout: float | None) -> dict[str, DerivationResult]:
    library: list[Derivation] = []
    if derivation.uses:
        from softsym.proofs.catalog import catalog

        library = catalog()
    return check_with_citations([derivation], library, timeout=timeout)


def derivation_latex(
    derivation: Derivation, *, standalone: bool = False, timeout: float | None = None
) -> str:
    """Check a derivation (citing the catalog) and return its LaTeX fragment or article."""
    files = render_files(
        _results_for(derivation, timeout), [derivation.name], "tex", standalone=standalone
    )
    return files[f"{derivation.name}.tex"]


def derivation_markdown(derivation: Derivation, *, timeout: float | None = None) -> str:
    """Check a derivation (citing the catalog) and return its Markdown page for Jupyter.

    Display math is set in ``$$`` (which Jupyter renders), not in the
    ```` ```math ```` fences of ``softsym export --format md`` (for GitHub).
    """
    from softsym.render.markdown import to_markdown

    return to_markdown(_results_for(derivation, timeout)[derivation.name], display="dollars")


def derivation_repr_latex(derivation: Derivation) -> str:
    """Check a derivation and return its proof chain as display math."""
    from softsym.render.latex import repr_latex

    return repr_latex(_results_for(derivation, None)[derivation.name])

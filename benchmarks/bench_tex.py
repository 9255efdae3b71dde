"""Benchmark: ``softsym check-tex`` on real teaching derivations, next to Math-Verify.

The corpus is ``tests/data/tex/`` (public excerpts about sigmoid, softmax, tanh and
cross-entropy, real errors and one-change synthetic mutations); ``expected.json``
labels every transition ``valid`` or ``wrong`` (or a definition), and says where
the notation is one a reader cannot be expected to read (``notation_ok``).

Both tools judge the same pairs:

* softsym reads the documents itself (``check-tex --json``, in this process);
  its steps are paired with the labelled ones as ``tests/test_tex_corpus.py``
  pairs them (``tests/tex_corpus.py``).
* Math-Verify (optional: ``pip install 'softsym[bench]'``) gets each labelled
  step's two sides as written (``lhs`` / ``rhs`` of ``expected.json``), each
  wrapped in ``$...$``, through ``parse`` and ``verify`` (a side that ``parse``
  gives back only as a string counts as unreadable); it has no notion of
  definitions or assumptions, and "rejected" is not a counterexample.

Per tool it prints, over the valid and wrong steps (all, then readable notation
only): valid proved (accepted), valid rejected (refuted), wrong refuted
(rejected), wrong ACCEPTED (unsound), unreadable (reader error or step not
found), undecided, and the time per step. A last line times softsym on a
synthetic lecture note of about ``--pages`` pages (default 30, 50 lines a page),
the Markdown corpus files repeated end to end (their directives left out if
check-tex rejects them there, which it says).

Run: ``python benchmarks/bench_tex.py [--pages 30] [--no-math-verify]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import tex_corpus  # noqa: E402  (the corpus helpers live next to the tests)

LINES_PER_PAGE = 50
COLUMNS = (
    "valid proved",
    "valid rejected",
    "wrong refuted",
    "wrong ACCEPTED",
    "unreadable",
    "undecided",
)


@dataclass(frozen=True)
class Judged:
    """One labelled step and a tool's verdict on it, in the table's terms."""

    expected: tex_corpus.Expected
    verdict: str  # accepted | rejected | unreadable | undecided


def column(judged: Judged) -> str:
    """The table column a verdict falls in, given the step's label."""
    good = judged.expected.expect == "valid"
    if judged.verdict == "accepted":
        return "valid proved" if good else "wrong ACCEPTED"
    if judged.verdict == "rejected":
        return "valid rejected" if good else "wrong refuted"
    return judged.verdict


def softsym_verdicts(files: Sequence[Path]) -> tuple[list[Judged], float, int]:
    """softsym's verdict on every labelled step, the seconds taken, the steps read."""
    start = time.perf_counter()
    report = tex_corpus.run_check_tex(files)
    seconds = time.perf_counter() - start
    names = {
        "proved": "accepted",
        "refuted": "rejected",
        "error": "unreadable",
        "missing": "unreadable",
    }
    judged = [
        Judged(o.expected, names.get(o.status, "undecided"))
        for o in tex_corpus.outcomes(report)
        if o.expected.expect in ("valid", "wrong")
    ]
    return judged, seconds, int(report["summary"]["steps"])


def math_verify_judge() -> Callable[[str, str], str] | None:
    """Math-Verify's parse+verify on two LaTeX sides, or None when it is missing."""
    try:
        from math_verify import parse, verify  # type: ignore[import-untyped]
        from math_verify.parser import LatexExtractionConfig  # type: ignore[import-untyped]
    except ImportError:
        return None
    config = [LatexExtractionConfig()]

    def judge(lhs: str, rhs: str) -> str:
        left = parse(f"${lhs}$", extraction_config=config)
        right = parse(f"${rhs}$", extraction_config=config)
        # parse falls back to the input string when it cannot build an expression
        if all(isinstance(v, str) for v in left) or all(isinstance(v, str) for v in right):
            return "unreadable"
        return "accepted" if verify(left, right) else "rejected"

    return judge


def math_verify_verdicts(judge: Callable[[str, str], str]) -> tuple[list[Judged], float]:
    """Math-Verify's verdict on every labelled step and the seconds taken."""
    judged = []
    start = time.perf_counter()
    for steps in tex_corpus.load_expected().values():
        for step in steps:
            if step.expect not in ("valid", "wrong"):
                continue
            if not step.lhs or not step.rhs:
                judged.append(Judged(step, "unreadable"))
                continue
            judged.append(Judged(step, judge(step.lhs, step.rhs)))
    return judged, time.perf_counter() - start


def table_rows(label: str, judged: Sequence[Judged], seconds: float, steps: int) -> list[str]:
    """Two rows (all steps, readable notation only) for one tool."""
    rows = []
    for scope, subset in (
        ("all", judged),
        ("readable", [j for j in judged if j.expected.notation_ok]),
    ):
        counts = Counter(column(j) for j in subset)
        cells = "".join(f"{counts.get(c, 0):>16}" for c in COLUMNS)
        per_step = f"{1000 * seconds / max(steps, 1):>10.1f}"
        rows.append(f"{label:<12}{scope:<10}{len(subset):>6}{cells}{per_step}")
    return rows


def lecture_note(pages: int, folder: Path, *, directives: bool = True) -> tuple[Path, int]:
    """A Markdown note of about ``pages`` pages: the corpus .md files end to end.

    With ``directives=False`` the ``<!-- softsym: ... -->`` lines are left out.
    """
    parts = [p.read_text(encoding="utf-8") for p in tex_corpus.corpus_files() if p.suffix == ".md"]
    text: list[str] = []
    while len(text) < pages * LINES_PER_PAGE:
        for part in parts:
            text.extend(
                line
                for line in part.splitlines()
                if directives or not line.lstrip().startswith("<!-- softsym:")
            )
            text.append("")
    note = folder / "lecture_note.md"
    note.write_text("\n".join(text) + "\n", encoding="utf-8")
    return note, len(text)


def time_note(pages: int) -> str:
    """One line: softsym on the synthetic note (without directives if they clash)."""
    for directives in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            note, lines = lecture_note(pages, Path(tmp), directives=directives)
            start = time.perf_counter()
            try:
                report = tex_corpus.run_check_tex([note])
            except RuntimeError as error:
                print(f"synthetic note with directives: {error}")
                continue
            total = time.perf_counter() - start
        summary = report["summary"]
        return (
            f"synthetic {pages}-page note ({lines} lines, {summary['steps']} steps, "
            f"{summary['proved']} proved{'' if directives else ', directives left out'}): "
            f"softsym check-tex {total:.1f} s total"
        )
    return f"synthetic {pages}-page note: check-tex failed"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the comparison table and the lecture-note timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30, help="size of the synthetic note")
    parser.add_argument("--no-math-verify", action="store_true", help="skip Math-Verify")
    args = parser.parse_args(argv)

    files = tex_corpus.corpus_files()
    header = f"{'tool':<12}{'steps':<10}{'n':>6}" + "".join(f"{c:>16}" for c in COLUMNS)
    print(f"corpus: {len(files)} files, tests/data/tex/  (ms/step = wall time / steps judged)")
    print(header + f"{'ms/step':>10}")

    judged, seconds, read = softsym_verdicts(files)
    for row in table_rows("softsym", judged, seconds, read):
        print(row)

    judge = None if args.no_math_verify else math_verify_judge()
    if args.no_math_verify:
        print("Math-Verify skipped (--no-math-verify)")
    elif judge is None:
        print("Math-Verify not installed (pip install 'softsym[bench]')")
    else:
        mv, mv_seconds = math_verify_verdicts(judge)
        for row in table_rows("Math-Verify", mv, mv_seconds, len(mv)):
            print(row)

    print(time_note(args.pages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

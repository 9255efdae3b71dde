"""Check the derivations people write: LaTeX notes, Markdown pages and notebooks.

The pipeline: :func:`read_document` finds the display math and the directives,
:func:`check_document` cuts it into chains and checks every step with the kernel,
:func:`report_text` / :func:`report_json` say what was found and :func:`annotate`
writes a marked copy.
"""

from softsym.notes.annotate import annotate
from softsym.notes.checking import CheckOptions, check_document
from softsym.notes.documents import Document, DocumentError, parse_document, read_document
from softsym.notes.report import (
    ChainResult,
    FileProblem,
    FileResult,
    StepResult,
    exit_status,
    report_json,
    report_text,
)

__all__ = [
    "ChainResult",
    "CheckOptions",
    "Document",
    "DocumentError",
    "FileProblem",
    "FileResult",
    "StepResult",
    "annotate",
    "check_document",
    "exit_status",
    "parse_document",
    "read_document",
    "report_json",
    "report_text",
]

"""What a reader needs around the proofs: topics, titles as math, the bibliography.

* :func:`topic` — the topic of a derivation is the catalog module it lives in
  (``derivations/stable_forms.py``), with a human heading per module
  (:data:`TOPICS`); a derivation from the user's own file takes its file name.
* :func:`title_segments` — a title written as plain text ("∂L1/∂w1_j", "e^{−|z|}")
  split into text and inline math, so titles print as real math.
* :func:`citation` — a reference string of a derivation ("Bishop, Pattern
  Recognition and Machine Learning, §4.2") as a work of :data:`WORKS` (listed
  once, with its address or DOI) and a locator ("§4.2").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from softsym.proofs.derivation import CATALOG_SOURCE, Derivation
from softsym.render.brackets import balanced

__all__ = [
    "SEED",
    "TOPICS",
    "WORKS",
    "Work",
    "citation",
    "heading",
    "order_for_reading",
    "plain_title",
    "title_segments",
    "topic",
]

SEED = "softmax2-sigmoid"
"""The seed result: the first component of a two-class softmax is a sigmoid."""

TOPICS: dict[str, str] = {
    "softmax2_sigmoid": "Two-class softmax is a sigmoid",
    "two_class_gradient": "The gradient of two-class softmax cross-entropy",
    "sigmoid_derivative": "The derivative of the sigmoid",
    "identities": "Identities of the sigmoid, softplus and tanh",
    "k_classes": "Softmax with K classes",
    "gradients": "Gradients of softmax, log-sum-exp and cross-entropy",
    "stable_forms": "Numerically stable forms",
    "function_class": "Function classes: affine models, differences, two-class softmax",
    "training_dynamics": "Training dynamics of networks 0, 1 and 2",
}
"""Catalog module → heading, in reading order (the seed result first)."""


@functools.cache
def _catalog_modules() -> dict[str, str]:
    from softsym.proofs.catalog import catalog_files

    return {d.name: Path(f).stem for f, ds in catalog_files().items() for d in ds}


def topic(derivation: Derivation) -> str:
    """Return the module a derivation lives in (``stable_forms``), or its file's stem."""
    if derivation.source == CATALOG_SOURCE:
        return _catalog_modules().get(derivation.name, "catalog")
    if derivation.source:
        return Path(derivation.source).stem
    return "other"


def heading(module: str) -> str:
    """A topic's heading: :data:`TOPICS`, else the module name as words."""
    return TOPICS.get(module, module.replace("_", " ").strip().capitalize() or "Other")


def order_for_reading(names: list[str], modules: dict[str, str]) -> list[str]:
    """Order derivations by topic (:data:`TOPICS` order, then others), the seed result first.

    Within a topic the order is kept.
    """
    rank = {m: k for k, m in enumerate(TOPICS)}
    return sorted(names, key=lambda n: (rank.get(modules[n], len(rank)), modules[n], n != SEED))


# ---------------------------------------------------------------------------
# Titles

_FUNCTIONS = ("softmax", "logsumexp", "softplus", "logit", "BCE", "CE")
_MATH_WORD = re.compile(
    r"[A-Za-zα-ωΑ-Ω∂Σ]*(?:[A-Za-zα-ωΘθ]\d|_|\^)|[α-ωΣ∂]\(|∂[A-Za-zα-ω]"
    r"|\b(?:softplus|logit|logsumexp|softmax|tanh|cosh|sinh|log|exp|max|min)\("
)
"""A word that is math: an indexed or numbered name, a script, a Greek or softsym function call."""
_WORD_EDGE = re.compile(r"^([(\[]*)(.*?)([)\],.:;]*)$", re.S)
_GREEK = {
    "α": r"\alpha",
    "β": r"\beta",
    "δ": r"\delta",
    "η": r"\eta",
    "θ": r"\theta",
    "λ": r"\lambda",
    "σ": r"\sigma",
    "ψ": r"\psi",
    "Σ": r"\sum",
    "∂": r"\partial",
    "−": "-",
    "·": r"\cdot",
}
_TOKENS = re.compile(r"[A-Za-z]+\d+|[A-Za-z]+|\d+|.", re.S)


def _script(body: str) -> str:
    return body if len(body) == 1 else "{" + body + "}"


def _math_word(word: str) -> str:
    """Turn one title word such as ``∂L1/∂w1_j`` into LaTeX math."""
    out: list[str] = []
    i = 0
    tokens = _TOKENS.findall(word)
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        numbered = re.fullmatch(r"([A-Za-z]+)(\d+)", tok)
        if numbered and len(numbered.group(1)) <= 2:
            sub = numbered.group(2)
            if i + 1 < len(tokens) and tokens[i] == "_" and tokens[i + 1].isalnum():
                sub += "," + tokens[i + 1]
                i += 2
            out.append(f"{_letters(numbered.group(1))}_{{{sub}}}")
        elif tok.isalpha() and tok.isascii():
            letters = _letters(tok)  # \log (1 is \log(1: a call takes no space
            out.append(letters.rstrip() if i < len(tokens) and tokens[i] == "(" else letters)
        elif tok == "_" and i < len(tokens) and tokens[i].isalnum():
            if out and out[-1].startswith("\\operatorname"):
                # {\operatorname{softmax}_{j}} is a symbol: a minus after it is binary
                out[-1] = f"{{{out[-1]}_{{{tokens[i]}}}}}"
            else:
                out.append(f"_{{{tokens[i]}}}")
            i += 1
        elif tok.isalpha() and tok in _GREEK and i < len(tokens) and tokens[i].isdigit():
            out.append(f"{_GREEK[tok]}_{{{tokens[i]}}}")
            i += 1
        else:
            command = _GREEK.get(tok, tok)
            follows = tokens[i] if i < len(tokens) else ""
            spaced = command.startswith("\\") and follows[:1].isalpha()
            out.append(command + (" " if spaced else ""))
    return "".join(out)


def _letters(name: str) -> str:
    if name in _FUNCTIONS:
        return rf"\operatorname{{{name}}}"
    if name in ("log", "exp", "tanh", "cosh", "max", "min"):
        return f"\\{name} "
    return name


def title_segments(title: str) -> list[tuple[bool, str]]:
    r"""Split a title into (is_math, text) pieces: words like ``w1`` or ``e^{−|z|}`` are math.

    A title that already uses ``$...$`` is left to that rule (no pieces are math here).

    >>> title_segments("Networks 0 and 1 give w1_j the same gradient")
    [(False, 'Networks 0 and 1 give '), (True, 'w_{1,j}'), (False, ' the same gradient')]
    """
    if "$" in title:
        return [(False, title)]
    out: list[tuple[bool, str]] = []
    for word in _words(title):
        edge = _WORD_EDGE.match(word)
        math = _math_word(edge.group(2)) if word.strip() and edge else ""
        if edge and _MATH_WORD.search(edge.group(2)) and _safe(math):
            lead, _, trail = edge.groups()
            out += [(False, lead), (True, math), (False, trail)]
        else:
            out.append((False, word))
    merged: list[tuple[bool, str]] = []
    for is_math, text in out:
        if not text:
            continue
        if merged and merged[-1][0] == is_math and not is_math:
            merged[-1] = (False, merged[-1][1] + text)
        else:
            merged.append((is_math, text))
    return merged


def _words(title: str) -> list[str]:
    """Words and the spaces between them; a space inside braces (``e^{z_k − m}``) joins."""
    out: list[str] = []
    for piece in re.split(r"(\s+)", title):
        if (
            out
            and not balanced("".join(out[-1:]), "{", "}")
            and out[-1].count("{") > out[-1].count("}")
        ):
            out[-1] += piece
        else:
            out.append(piece)
    return out


_SAFE_CHARS = re.compile(r"[A-Za-z0-9_^{}()\[\]|/+\-=,.' \\]*")
_COMMANDS = frozenset(c.strip("\\ ") for c in _GREEK.values() if c.startswith("\\")) | {
    "operatorname",
    "log",
    "exp",
    "tanh",
    "cosh",
    "max",
    "min",
}
_BAD_SCRIPT = re.compile(r"[_^](?![A-Za-z0-9{])|[_^]\{\}|_\{[^{}]*\}_|\^\{[^{}]*\}\^|_[A-Za-z0-9]_")


def _safe(math: str) -> bool:
    """Whether a converted word is math that compiles: known commands, balanced, one script each."""
    if not math or not _SAFE_CHARS.fullmatch(math) or not balanced(math, "{", "}"):
        return False
    if any(c not in _COMMANDS for c in re.findall(r"\\([A-Za-z]+)", math)):
        return False
    return "\\\\" not in math and not _BAD_SCRIPT.search(math)


def plain_title(title: str) -> str:
    """The title in ASCII words, for PDF bookmarks: σ is "sigma", ``w1_j`` is "w1j"."""
    out = []
    for ch in title:
        if ch.isascii() and (ch.isalnum() or ch in " ,.:;()/+=-'"):
            out.append(ch)
        elif ch in _GREEK:
            out.append({"−": "-", "·": "*", "∂": "d", "Σ": "sum "}.get(ch, _GREEK[ch][1:]))
        elif ch.isspace():
            out.append(" ")
    return " ".join("".join(out).split())


# ---------------------------------------------------------------------------
# Bibliography


@dataclass(frozen=True)
class Work:
    """A cited work, listed once in a bibliography.

    Attributes:
        key: The citation key (``bishop2006``).
        prefixes: How references to it start (``"Bishop, Pattern Recognition"``).
        entry: The bibliography entry as plain text.
        url: Its address (a DOI as ``https://doi.org/...`` where there is one).
    """

    key: str
    prefixes: tuple[str, ...]
    entry: str
    url: str


WORKS: tuple[Work, ...] = (
    Work(
        "bishop2006",
        ("Bishop, Pattern Recognition and Machine Learning",),
        "C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006.",
        "https://www.microsoft.com/en-us/research/people/cmbishop/prml-book/",
    ),
    Work(
        "goodfellow2016",
        ("Goodfellow, Bengio, Courville, Deep Learning",),
        "I. Goodfellow, Y. Bengio, A. Courville. Deep Learning. MIT Press, 2016.",
        "https://www.deeplearningbook.org/",
    ),
    Work(
        "d2l",
        ("d2l.ai, ", "d2l.ai"),
        "A. Zhang, Z. C. Lipton, M. Li, A. J. Smola. Dive into Deep Learning. "
        "Cambridge University Press, 2023.",
        "https://d2l.ai/",
    ),
    Work(
        "ufldl",
        ("UFLDL Tutorial, ",),
        "A. Ng et al. UFLDL Tutorial (Unsupervised Feature Learning and Deep Learning). "
        "Stanford University.",
        "http://ufldl.stanford.edu/tutorial/",
    ),
    Work(
        "boyd2004",
        ("Boyd and Vandenberghe, Convex Optimization",),
        "S. Boyd, L. Vandenberghe. Convex Optimization. Cambridge University Press, 2004.",
        "https://doi.org/10.1017/CBO9780511804441",
    ),
    Work(
        "hinton2015",
        ("Hinton, Vinyals, Dean, Distilling the Knowledge in a Neural Network (2015)",),
        "G. Hinton, O. Vinyals, J. Dean. Distilling the Knowledge in a Neural Network. 2015.",
        "https://doi.org/10.48550/arXiv.1503.02531",
    ),
    Work(
        "tensorflow",
        ("TensorFlow API, ",),
        "TensorFlow API documentation, tf.nn.sigmoid_cross_entropy_with_logits.",
        "https://www.tensorflow.org/api_docs/python/tf/nn/sigmoid_cross_entropy_with_logits",
    ),
    Work(
        "pytorch",
        ("PyTorch documentation, ",),
        "PyTorch documentation, torch.nn.BCEWithLogitsLoss.",
        "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",
    ),
    Work(
        "numpy",
        ("NumPy documentation, ",),
        "NumPy documentation, numpy.logaddexp.",
        "https://numpy.org/doc/stable/reference/generated/numpy.logaddexp.html",
    ),
    Work(
        "scipy",
        ("SciPy documentation, ",),
        "SciPy documentation, scipy.special.logsumexp.",
        "https://docs.scipy.org/doc/scipy/reference/generated/scipy.special.logsumexp.html",
    ),
)
"""The works the catalog cites, each with its address."""


def citation(reference: str) -> tuple[Work | None, str]:
    """Return the work a reference string cites and the rest of it (the locator).

    >>> work, where = citation("Bishop, Pattern Recognition and Machine Learning, §4.2")
    >>> work.key, where
    ('bishop2006', '§4.2')
    """
    for work in WORKS:
        for prefix in work.prefixes:
            if reference.startswith(prefix):
                return work, reference[len(prefix) :].strip(" ,")
    return None, reference

r"""What a document has said before a formula: macros, definitions, ranges, symbol kinds.

A :class:`TexContext` is a frozen value; every method returns a new context, so
a document reader threads one through the document as it goes
(``ctx = ctx.with_macros(text)``, ``ctx = ctx.define(head, body)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import sympy
from sympy import Expr, Integer, Symbol

from softsym.errors import LatexReadError
from softsym.lang.latex.tokens import Macro, group_end, tokenize

__all__ = ["CLASS_COUNT", "Definition", "DefinitionHead", "TexContext", "read_macros"]

CLASS_COUNT = Symbol("K", integer=True)
"""The number of classes when a document does not say: the integer symbol ``K``."""

_KINDS = ("integer", "real", "positive")


@dataclass(frozen=True)
class DefinitionHead:
    r"""The left side of a definition: ``f(x)``, ``p_j``, ``L``, ``\ell(\mathbf{z}, y)``.

    Attributes:
        name: The reader's name of the defined thing (``"f"``, ``"sigma"``, ``"ell"``).
        params: The names of its parameters (``("z", "y")``), empty for a value.
        indices: The names of its indices (``("j",)`` for ``p_j``).
    """

    name: str
    params: tuple[str, ...] = ()
    indices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Definition:
    """A definition remembered by a context: a head and the expression it stands for."""

    head: DefinitionHead
    body: Expr


def _frozen(mapping: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(dict(sorted(mapping.items())))


@dataclass(frozen=True)
class TexContext:
    r"""What the reader knows before reading a formula.

    Attributes:
        macros: User macros by name (from :meth:`with_macros`).
        definitions: Definitions by the head's name (from :meth:`define`).
        ranges: Index name to ``(lower, upper)`` for ``\sum_j`` without limits.
        class_count: The upper limit of a sum without one (default the symbol ``K``).
        kinds: Symbol name to ``"integer" | "real" | "positive"``.
        indexed: Names used as indexed families (``z`` once ``z_j`` was read).
        functions: Names of unknown functions (``f`` once ``f'(x)`` was read): ``f(x)``
            is then an application, not the product ``f x``.
    """

    macros: MappingProxyType[str, Macro] = field(default_factory=lambda: _frozen({}))
    definitions: MappingProxyType[str, Definition] = field(default_factory=lambda: _frozen({}))
    ranges: MappingProxyType[str, tuple[Expr, Expr]] = field(default_factory=lambda: _frozen({}))
    class_count: Expr = CLASS_COUNT
    kinds: MappingProxyType[str, str] = field(default_factory=lambda: _frozen({}))
    indexed: frozenset[str] = frozenset()
    functions: frozenset[str] = frozenset()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as plain values (a read-only mapping view cannot be pickled)."""
        return _context, (
            dict(self.macros),
            dict(self.definitions),
            dict(self.ranges),
            self.class_count,
            dict(self.kinds),
            self.indexed,
            self.functions,
        )

    def __hash__(self) -> int:
        """Hash by value, like the other frozen values (the mappings are read-only views)."""
        return hash(
            (
                tuple(self.macros.items()),
                tuple(self.definitions.items()),
                tuple(self.ranges.items()),
                self.class_count,
                tuple(self.kinds.items()),
                self.indexed,
                self.functions,
            )
        )

    def with_macros(self, document_text: str) -> TexContext:
        r"""Add the macros that ``document_text`` defines (``\newcommand``, ``\def``, ...).

        Raises:
            LatexReadError: A definition is malformed (an unclosed brace).
        """
        found = read_macros(document_text)
        return replace(self, macros=_frozen({**self.macros, **found}))

    def define(self, head: DefinitionHead, body: Expr) -> TexContext:
        """Remember that ``head`` stands for ``body``; later reads of its name use it."""
        if not isinstance(head, DefinitionHead):
            raise TypeError(f"head must be a DefinitionHead (got {type(head).__name__})")
        body = sympy.sympify(body, strict=True)
        indexed = self.indexed | {head.name} if head.indices else self.indexed
        definitions = {**self.definitions, head.name: Definition(head, body)}
        return replace(self, definitions=_frozen(definitions), indexed=indexed)

    def with_range(self, index: str, lower: Any, upper: Any) -> TexContext:
        r"""Give ``\sum_{index}`` without limits the range ``lower..upper``."""
        bounds = (sympy.sympify(lower, strict=True), sympy.sympify(upper, strict=True))
        return replace(self, ranges=_frozen({**self.ranges, index: bounds}))

    def with_class_count(self, count: Symbol | int) -> TexContext:
        """Use ``count`` (a symbol or a positive integer) as the upper limit of unlimited sums."""
        if isinstance(count, bool) or not isinstance(count, int | Symbol | Integer):
            raise TypeError(f"the class count must be a symbol or an int (got {count!r})")
        value = sympy.Integer(count) if isinstance(count, int) else count
        if isinstance(value, Symbol) and not value.is_integer:
            value = Symbol(value.name, integer=True)
        if value.is_Integer and value < 1:
            raise ValueError(f"the class count must be at least 1 (got {count})")
        return replace(self, class_count=value)

    def with_symbol_kind(self, name: str, kind: str) -> TexContext:
        """Read the symbol ``name`` as an integer, a real (the default) or a positive symbol."""
        if kind not in _KINDS:
            raise ValueError(f"kind must be one of {', '.join(_KINDS)} (got {kind!r})")
        return replace(self, kinds=_frozen({**self.kinds, name: kind}))

    def with_functions(self, *names: str) -> TexContext:
        """Read ``name(...)`` as an application of the unknown function ``name``."""
        return replace(self, functions=self.functions | frozenset(names))

    def with_indexed(self, *names: str) -> TexContext:
        """Read ``z_1`` as the entry ``z[1]`` of the family ``z`` (not the symbol ``z1``)."""
        return replace(self, indexed=self.indexed | frozenset(names))


_NEWCOMMAND = re.compile(r"\\(?:re)?(?:newcommand|providecommand)\*?\s*")
_DEF = re.compile(r"\\def\s*\\([A-Za-z]+)((?:#\d)*)\s*")
_OPERATOR = re.compile(r"\\DeclareMathOperator(\*?)\s*")


def _braced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group starting at ``text[start]``, and the index after it."""
    tokens = tokenize(text[start:], keep_all=True, offset=start)
    if tokens[0].kind != "{":
        raise LatexReadError(
            f"column {start + 1}: expected '{{' in a macro definition", text, start, "'{'"
        )
    end = group_end(tokens, 0)
    if tokens[end].kind != "}":
        raise LatexReadError(
            f"column {start + 1}: expected '}}' closing a macro definition", text, start, "'}'"
        )
    return text[tokens[0].pos + 1 : tokens[end].pos], tokens[end].pos + 1


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def read_macros(document_text: str) -> dict[str, Macro]:
    r"""Find the macro definitions in a document (or a macro file).

    Reads ``\newcommand``, ``\renewcommand``, ``\providecommand`` (with ``[n]``
    arguments and a ``[default]`` first argument), ``\def\name#1#2{...}`` and
    ``\DeclareMathOperator{\name}{text}`` (``*`` too): an operator becomes
    ``\operatorname{text}``.
    """
    found: dict[str, Macro] = {}
    for m in _NEWCOMMAND.finditer(document_text):
        i = m.end()
        if document_text.startswith("{", i):
            name_text, i = _braced(document_text, i)
        else:
            name_text = re.match(r"\\[A-Za-z]+|", document_text[i:]).group(0)  # type: ignore[union-attr]
            i += len(name_text)
        name = name_text.strip().lstrip("\\")
        if not name.isalpha():
            continue
        nargs, default = 0, None
        i = _skip_space(document_text, i)
        count = re.match(r"\[(\d)\]\s*", document_text[i:])
        if count:
            nargs = int(count.group(1))
            i += count.end()
            opt = re.match(r"\[([^\]]*)\]\s*", document_text[i:])
            if opt:
                default = opt.group(1)
                i += opt.end()
        if not document_text.startswith("{", i):
            continue
        body, _ = _braced(document_text, i)
        found[name] = Macro(name, nargs, default, body)
    for m in _DEF.finditer(document_text):
        i = m.end()
        if document_text.startswith("{", i):
            body, _ = _braced(document_text, i)
            found[m.group(1)] = Macro(m.group(1), len(m.group(2)) // 2, None, body)
    for m in _OPERATOR.finditer(document_text):
        i = m.end()
        if not document_text.startswith("{", i):
            continue
        name_text, i = _braced(document_text, i)
        i = _skip_space(document_text, i)
        if not document_text.startswith("{", i):
            continue
        body, _ = _braced(document_text, i)
        name = name_text.strip().lstrip("\\")
        if name.isalpha():
            found[name] = Macro(name, 0, None, rf"\operatorname{{{body}}}")
    return found


def _context(
    macros: dict[str, Macro],
    definitions: dict[str, Definition],
    ranges: dict[str, tuple[Expr, Expr]],
    class_count: Expr,
    kinds: dict[str, str],
    indexed: frozenset[str],
    functions: frozenset[str],
) -> TexContext:
    """A context made again from what :meth:`TexContext.__reduce__` saved."""
    return TexContext(
        _frozen(macros),
        _frozen(definitions),
        _frozen(ranges),
        class_count,
        _frozen(kinds),
        indexed,
        functions,
    )

"""Whether the brackets of a piece of text close in order: one test for every renderer."""

from __future__ import annotations

import re

__all__ = ["balanced"]

_ESCAPED = re.compile(r"\\.")


def balanced(text: str, opening: str, closing: str, *, escaped: bool = False) -> bool:
    r"""Whether each bracket in ``opening`` is closed later by one in ``closing``, none early.

    Args:
        text: The text.
        opening: The opening brackets (``"("``, or ``"(["`` for either kind).
        closing: The closing brackets.
        escaped: Skip a backslash and the character after it (LaTeX's ``\{`` is no group).

    >>> balanced("(a)(b)", "(", ")"), balanced(")(", "(", ")")
    (True, False)
    >>> balanced(r"{a \} b}", "{", "}", escaped=True)
    True
    """
    depth = 0
    for ch in _ESCAPED.sub("", text) if escaped else text:
        depth += (ch in opening) - (ch in closing)
        if depth < 0:
            return False
    return depth == 0

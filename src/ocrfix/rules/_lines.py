"""Run a line-local fix only on the lines that can need it.

A rule whose pattern never crosses a line break, and which can only change a line
holding one of a few words, searches for those words (one C-level scan of the text)
and runs its pattern on those lines alone, instead of trying it at every position.
"""
from __future__ import annotations

from typing import Callable

import regex


def fix_lines(text: str, key: regex.Pattern, fix: Callable[[str], str]) -> str:
    """``text`` with ``fix`` applied to every line where ``key`` matches; other lines
    stay as they are. ``key`` must not match a newline; ``fix`` gets the line without
    its newline and must not add one.

    >>> import regex
    >>> fix_lines("ab\\ncd\\nad", regex.compile("a"), str.upper)
    'AB\\ncd\\nAD'
    """
    found = key.search(text)
    if found is None:
        return text
    parts: list[str] = []
    copied = 0
    while found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        if end < 0:
            end = len(text)
        line = text[start:end]
        new = fix(line)
        if new != line:
            parts.append(text[copied:start])
            parts.append(new)
            copied = end
        found = key.search(text, end)
    if not parts:
        return text
    parts.append(text[copied:])
    return "".join(parts)

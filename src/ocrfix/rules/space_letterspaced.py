"""Collapse letter-spaced justified lines: every character its own space-separated token.

A line qualifies when each token is one Chinese character or punctuation mark, one
Latin letter or a number, and at least three are Han. Phrase-spaced headlines
(groups of two or more characters) and bylines (names of two or more) never do.

Before: 地 点 就 拿 起 工 具 ， 栽
After:  地点就拿起工具，栽
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import CJK, SHARED_PUNCT, SPACE
from ._lines import fix_lines

ID = "space-letterspaced"
SCOPE = "line"
DEFAULT = True

_TOKEN = rf"(?:[{CJK}{SHARED_PUNCT}]|[0-9]+|[A-Za-z])"
_GAP = f"[{SPACE}]{{1,2}}"
_LINE = regex.compile(
    rf"^(?=(?:[^\n]*?\p{{Han}}){{3}})(?P<lead>[{SPACE}]*)(?P<body>{_TOKEN}(?:{_GAP}{_TOKEN}){{2,}})(?=[{SPACE}]*$)",
    regex.MULTILINE,
)
_SPACES = regex.compile(f"[{SPACE}]+")
# A letter-spaced line holds a token between two gaps: only lines with one are tried.
_KEY = regex.compile(f"{_GAP}{_TOKEN}{_GAP}")


def _collapse(match: regex.Match) -> str:
    return match["lead"] + _SPACES.sub("", match["body"])


def _fix(line: str) -> str:
    return _LINE.sub(_collapse, line)


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return fix_lines(text, _KEY, _fix)

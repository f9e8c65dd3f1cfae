r"""Collapse a run of spaces between Latin words or numbers to one space.

Before: Hello,  world\tagain
After:  Hello, world again
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import CJK, SHARED_PUNCT, SPACE

ID = "space-latin"
SCOPE = "line"
DEFAULT = True

_NOT_CHINESE = rf"[^\s{CJK}{SHARED_PUNCT}]"
_RUN = regex.compile(rf"(?<={_NOT_CHINESE})(?:[{SPACE}]{{2,}}|[\t\u3000])(?={_NOT_CHINESE})")


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    if "  " not in text and "\t" not in text and "\u3000" not in text:
        return text  # no run of spaces, tab or U+3000: nothing to collapse (three C-level scans)
    return _RUN.sub(" ", text)

r"""Strip the spaces (ASCII, U+3000, tabs) at the start and end of every line.

Before: \u3000\u3000本报讯 \t
After:  本报讯
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import SPACE

ID = "space-trim"
SCOPE = "line"
DEFAULT = True

_EDGES = regex.compile(rf"^[{SPACE}]+|[{SPACE}]+$", regex.MULTILINE)


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return _EDGES.sub("", text)

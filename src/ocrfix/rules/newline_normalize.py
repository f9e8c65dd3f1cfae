r"""Turn CRLF and lone CR line endings into LF.

Before: 第一行\r\n第二行\r第三行
After:  第一行\n第二行\n第三行
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "newline-normalize"
SCOPE = "text"
DEFAULT = True

_CR = regex.compile(r"\r\n?")


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return _CR.sub("\n", text) if "\r" in text else text

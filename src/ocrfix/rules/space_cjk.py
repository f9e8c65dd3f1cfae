"""Remove spaces between Chinese characters and between Chinese and digits or Latin.

Before: 区直 27 个部门
After:  区直27个部门
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "space-cjk"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

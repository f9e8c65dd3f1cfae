"""Turn full-width ASCII letters and digits into ASCII.

Before: １２月１３日
After:  12月13日
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "width-ascii"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

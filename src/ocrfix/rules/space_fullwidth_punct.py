"""Remove the OCR's spaces around full-width punctuation.

Before: 本报讯 （记者郭树勋） 植树
After:  本报讯（记者郭树勋）植树
"""
from __future__ import annotations

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "space-fullwidth-punct"
SCOPE = "line"
DEFAULT = True


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return text

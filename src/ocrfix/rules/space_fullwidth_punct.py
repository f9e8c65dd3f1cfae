"""Remove the OCR's spaces around full-width punctuation.

Curly quotes, dashes, the ellipsis and the middle dot count as full-width only where
they touch Chinese, so English text keeps its spaces.

Before: 本报讯 （记者王明） 植树 ， “ 绿水青山 ”
After:  本报讯（记者王明）植树，“绿水青山”
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ._spacing import AROUND_PUNCT, SP

ID = "space-fullwidth-punct"
SCOPE = "line"
DEFAULT = True

# Every alternative starts at a space: the lookahead turns other positions away at once.
_AROUND = regex.compile(rf"(?={SP})(?:{AROUND_PUNCT})")


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return _AROUND.sub("", text)

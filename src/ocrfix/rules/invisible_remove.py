r"""Remove NUL, other control characters, zero-width spaces and a BOM.

Tab, newline and CR (a line ending, see newline-normalize) stay; so does the soft
hyphen U+00AD, which the rejoin stage handles at line ends.

Before: \ufeff本报\u200b讯\x00
After:  本报讯
"""
from __future__ import annotations

import re

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "invisible-remove"
SCOPE = "text"
DEFAULT = True

# C0 controls but \t \n \r, DEL and C1, zero-width space/non-joiner/joiner, word joiner, BOM.
# (Stdlib re: a class of literal characters means the same, and it scans a page faster.)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]+")


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return _INVISIBLE.sub("", text)

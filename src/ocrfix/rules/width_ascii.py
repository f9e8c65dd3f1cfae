"""Turn full-width ASCII letters and digits into ASCII.

Full-width punctuation stays full-width; U+3000 is left to the space rules.

Before: １２月１３日，ＡＢＣ公司
After:  12月13日，ABC公司
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "width-ascii"
SCOPE = "line"
DEFAULT = True

# str.translate over the whole text costs a dict look-up per character; a page holds a
# few runs of full-width letters and digits, so only the runs are translated.
_TO_ASCII = {
    code: code - 0xFEE0
    for first, last in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ"))
    for code in range(ord(first), ord(last) + 1)
}

_FULLWIDTH_RUN = regex.compile("[０-９Ａ-Ｚａ-ｚ]+")


def _to_ascii(match: regex.Match) -> str:
    return match[0].translate(_TO_ASCII)


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return _FULLWIDTH_RUN.sub(_to_ascii, text)

"""Turn full-width ASCII letters and digits into ASCII.

Full-width punctuation stays full-width, but for a colon between digits: a time or a
ratio is set in ASCII (``１６：３２`` -> ``16:32``, as autocorrect does). U+3000 is
left to the space rules.

Before: １２月１３日１６：３２，ＡＢＣ公司
After:  12月13日16:32，ABC公司
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
_COLON_BETWEEN_DIGITS = regex.compile("(?<=[0-9])：(?=[0-9])")


def _to_ascii(match: regex.Match) -> str:
    return match[0].translate(_TO_ASCII)


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    text = _FULLWIDTH_RUN.sub(_to_ascii, text)
    if "：" not in text:  # (one C-level scan; most pages have colons only after words)
        return text
    return _COLON_BETWEEN_DIGITS.sub(":", text)

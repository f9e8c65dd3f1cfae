"""Remove spaces between Chinese characters and between Chinese and digits or Latin.

Kept: one space between the phrase groups of a short headline line (no punctuation,
at most 30 characters, every group two or more Han characters), the spaces of a
byline line (see byline-spacing), and one space before a role word inside
parentheses (（记者王明 通讯员李华）). Chinese next to Latin words and digits follows
``latin_spacing``: remove (default), keep, or add (exactly one space).

Before: 区直 27 个部门 结合 PPT 在 规定 时间
After:  区直27个部门结合PPT在规定时间
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import BYLINE_LINE
from ._spacing import BETWEEN_HAN, HAN, LATIN_GAP, LATIN_REPLACEMENT, ROLE_SPACE, SP

ID = "space-cjk"
SCOPE = "line"
DEFAULT = True

_HEADLINE = rf"^(?=[^\n]{{1,30}}$){SP}*{HAN}{{2,}}(?:{SP}+{HAN}{{2,}})+{SP}*$"
_RUN = regex.compile(rf"{SP}+")


def _compile(latin_spacing: str) -> regex.Pattern:
    parts = [
        rf"(?P<headline>{_HEADLINE})",
        rf"(?P<byline>^{BYLINE_LINE}$)",
        rf"(?P<role>{ROLE_SPACE})",
        rf"(?P<drop>{BETWEEN_HAN})",
    ]
    if latin_spacing in LATIN_GAP:
        parts.append(rf"(?P<latin>{LATIN_GAP[latin_spacing]})")
    return regex.compile("|".join(parts), regex.MULTILINE)


_PATTERNS = {mode: _compile(mode) for mode in ("remove", "keep", "add")}


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    latin = LATIN_REPLACEMENT.get(config.latin_spacing, "")

    def replace(match: regex.Match) -> str:
        kind = match.lastgroup
        if kind == "headline":
            return _RUN.sub(" ", match[0])
        if kind == "byline":
            return match[0]
        if kind == "role":
            return " "
        if kind == "latin":
            return latin
        return ""

    return _PATTERNS[config.latin_spacing].sub(replace, text)

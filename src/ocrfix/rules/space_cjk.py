"""Remove spaces between Chinese characters and between Chinese and digits or Latin.

Kept: one space between the phrase groups of a short headline line (no punctuation,
at most 30 characters, every group two or more Han characters), the spaces of a
byline line or of a byline ending a caption line (……作用。本报记者 王明 摄; see
byline-spacing), and one space before a role word inside
parentheses (（记者王明 通讯员李华）). Chinese next to Latin words and digits follows
``latin_spacing``: remove (default), keep, or add (exactly one space); a signed number
(气温-5度) and a word's trailing + or ! (C++的, Yahoo!的) count as Latin.

Before: 区直 27 个部门 结合 PPT 在 规定 时间
After:  区直27个部门结合PPT在规定时间
"""
from __future__ import annotations

import re

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import BYLINE_LINE, NAMES_CREDIT_LINE, TRAILING_BYLINE, may_be_byline
from ._lines import fix_lines
from ._spacing import (BETWEEN_HAN, HAN, LATIN_END, LATIN_GAP, LATIN_REPLACEMENT, LATIN_SIGNED, LATIN_START,
                       ROLE_SPACE, SP)

ID = "space-cjk"
SCOPE = "line"
DEFAULT = True

_HEADLINE = regex.compile(rf"(?=[^\n]{{1,30}}$){SP}*{HAN}{{2,}}(?:{SP}+{HAN}{{2,}})+{SP}*")
_BYLINE = regex.compile(rf"{BYLINE_LINE}|{NAMES_CREDIT_LINE}")
_TRAILING_BYLINE = regex.compile(TRAILING_BYLINE)
_RUN = regex.compile(rf"{SP}+")
# The lines worth a look: those with a space, and in "add" mode those where Chinese
# touches Latin. Most lines of a page have neither: one search skips them at C speed.
_KEY = {
    "remove": re.compile(SP),  # (stdlib re: a class of literal characters, scanned faster)
    "add": regex.compile(rf"{SP}|{HAN}(?:{LATIN_START}|{LATIN_SIGNED})|(?:{LATIN_END}|[+!]){HAN}"),
}
_KEY["keep"] = _KEY["remove"]


def _compile(latin_spacing: str) -> regex.Pattern:
    parts = [rf"(?P<role>{ROLE_SPACE})", rf"(?P<drop>{BETWEEN_HAN})"]
    if latin_spacing in LATIN_GAP:
        parts.append(rf"(?P<latin>{LATIN_GAP[latin_spacing]})")
    gaps = "|".join(parts)
    # Every gap but an added one starts at a space: the lookahead turns the other
    # positions away before any lookbehind is tried.
    return regex.compile(gaps if latin_spacing == "add" else rf"(?={SP})(?:{gaps})")


_GAPS = {mode: _compile(mode) for mode in ("remove", "keep", "add")}
_DROP = {"role": " ", "drop": ""}


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    mode = config.latin_spacing
    gaps = _GAPS[mode]
    replacement = {**_DROP, "latin": LATIN_REPLACEMENT.get(mode, "")}

    def gap(match: regex.Match) -> str:
        return replacement[match.lastgroup]

    def line(text: str) -> str:
        if _HEADLINE.fullmatch(text):
            return _RUN.sub(" ", text)
        if not may_be_byline(text):  # (most lines: no byline pattern can match)
            return gaps.sub(gap, text)
        if _BYLINE.fullmatch(text):
            return text
        credit = _TRAILING_BYLINE.search(text)
        if credit:
            return gaps.sub(gap, text[: credit.start()]) + credit[0]
        return gaps.sub(gap, text)

    return fix_lines(text, _KEY[mode], line)

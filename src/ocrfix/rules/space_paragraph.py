"""Remove spaces between Chinese characters left in rejoined body paragraphs.

A body paragraph is no headline, so phrase-group spaces go too. Kept: one space
before a role word inside parentheses (（记者王明 通讯员李华）) and the spaces between
Latin words; Chinese next to Latin follows ``latin_spacing``.

Before: 深化合作 推进项目 （记者王明  通讯员李华） 结合 PPT 讲解。
After:  深化合作推进项目（记者王明 通讯员李华）结合PPT讲解。
"""
from __future__ import annotations

import re

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ._spacing import AROUND_PUNCT, BETWEEN_HAN, LATIN_GAP, LATIN_REPLACEMENT, ROLE_SPACE, SP

ID = "space-paragraph"
SCOPE = "paragraph"
DEFAULT = True


def _compile(latin_spacing: str) -> regex.Pattern:
    parts = [rf"(?P<role>{ROLE_SPACE})", rf"(?P<drop>{AROUND_PUNCT}|{BETWEEN_HAN})"]
    if latin_spacing in LATIN_GAP:
        parts.append(rf"(?P<latin>{LATIN_GAP[latin_spacing]})")
    gaps = "|".join(parts)
    # Every gap but an added one starts at a space: the lookahead turns the other
    # positions away before any lookbehind is tried.
    return regex.compile(gaps if latin_spacing == "add" else rf"(?={SP})(?:{gaps})", regex.MULTILINE)


_PATTERNS = {mode: _compile(mode) for mode in ("remove", "keep", "add")}
# (Stdlib re: a class of literal characters, a cheaper call.)
_SPACE = re.compile(SP)


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    if config.latin_spacing != "add" and _SPACE.search(text) is None:
        return text  # every gap but an added one is a space (most paragraphs have none left)
    latin = LATIN_REPLACEMENT.get(config.latin_spacing, "")

    def replace(match: regex.Match) -> str:
        kind = match.lastgroup
        return " " if kind == "role" else latin if kind == "latin" else ""

    return _PATTERNS[config.latin_spacing].sub(replace, text)

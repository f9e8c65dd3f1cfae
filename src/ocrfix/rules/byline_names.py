"""Rejoin two-character names padded to three with a space in a byline line.

A name has at least two characters, so two lone characters in a byline are one name;
a 摄 the OCR glued to the second gets its space back.

Before: 新华社记者 王明 张 华 李 强摄
After:  新华社记者 王明 张华 李强 摄
"""
from __future__ import annotations

import re

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import BYLINE_STRETCH, PHOTO, ROLES, SPACE
from ._lines import fix_lines

ID = "byline-names"
SCOPE = "line"
DEFAULT = True

_SP = f"[{SPACE}]"
_SPACE = re.compile(_SP)  # (stdlib re: a class of literal characters)
_BYLINE = regex.compile(BYLINE_STRETCH, regex.MULTILINE)
# Every byline stretch holds a role word or 摄: only lines with one are tried.
_KEY = regex.compile("|".join([*map(regex.escape, ROLES), PHOTO]))
_PHOTO = "(?:摄影|攝影|摄|攝)"
# Two lone Han characters; the second may carry a glued 摄, but is not itself the
# closing 摄 of the credit (王明 李 摄 is left alone).
_PADDED = regex.compile(
    rf"(?<={_SP})(?P<name>\p{{Han}}{_SP}(?!{_PHOTO}{_SP}*$)\p{{Han}})(?:(?={_SP}|$)|(?P<mark>{_PHOTO})(?={_SP}*$))"
)


def _join(match: regex.Match) -> str:
    name = match["name"][0] + match["name"][-1]
    return f"{name} {match['mark']}" if match["mark"] else name


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return fix_lines(text, _KEY, _fix)


def _fix(line: str) -> str:
    if _SPACE.search(line) is None:
        return line  # a padded name stands between spaces (most lines with a role word have none)
    return _BYLINE.sub(lambda m: _PADDED.sub(_join, m[0]), line)

"""Keep exactly one space between the role, the names and 摄 of a byline line.

Spaces the OCR printed stay (one each); none are added, so 本报记者王明 摄 stays.

Before: 本报记者\u3000王明  李华\t摄
After:  本报记者 王明 李华 摄
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import BYLINE_STRETCH, PHOTO, ROLES, SPACE
from ._lines import fix_lines

ID = "byline-spacing"
SCOPE = "line"
DEFAULT = True

_BYLINE = regex.compile(BYLINE_STRETCH, regex.MULTILINE)
# Every byline stretch holds a role word or 摄: only lines with one are tried.
_KEY = regex.compile("|".join([*map(regex.escape, ROLES), PHOTO]))
_RUN = regex.compile(rf"[{SPACE}]+")


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    return fix_lines(text, _KEY, _fix)


def _fix(line: str) -> str:
    if "\t" not in line and "\u3000" not in line and "  " not in line:
        return line  # every space is one already: nothing to change (most lines with a role word)
    return _BYLINE.sub(lambda m: _RUN.sub(" ", m[0]), line)

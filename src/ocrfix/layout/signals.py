"""Measured signals of a printed line: display width, how it ends, how it starts.

Everything the layout stages know about a single line lives here, so that the
stages themselves only combine signals. The newspaper conventions that name words
(bylines, datelines) are in :mod:`ocrfix.conventions`; lines are folded to Simplified
before they are matched, so Traditional pages read the same.
"""
from __future__ import annotations

import re

import regex

from .. import conventions

# How a line ends, read from its last characters (no pattern scans the whole line).
_CLOSERS = "”’」』）》】〕)\"'"
_SENTENCE_MARKS = frozenset("。！？!?…")
# A short line ending in one of these cannot be the middle of a justified paragraph.
_PARAGRAPH_MARKS = _SENTENCE_MARKS | frozenset("：:；")
# Any punctuation a headline line does not end with.
_CLAUSE_MARKS = frozenset("。！？!?…，,、；;：:")
# What may hang past the column at a line's end.
HANGING = frozenset("，。、；：？！,.;:?!”’」』）》")
# Patterns of literal characters are stdlib re: the same meaning, and a call costs half
# of regex's (some run for every line). Those with \p{...}, \s or \S need regex.
OPENING_QUOTE = re.compile(r"^[“‘「『]")
SUBTITLE_START = regex.compile(r"^[—－-]{1,2}(?=\S)|^——")
PHOTO_ALONE = re.compile(rf"^{conventions.PHOTO}$")
_ARROWS = "➡⬅⬆⬇↑↓←→▲▼△▽◀▶►◄"
ARROW_START = re.compile(rf"^[{_ARROWS}]")
_ARROW_SET = frozenset(_ARROWS)


def arrow_start(text: str) -> bool:
    """Starts with an arrow (a caption pointing at its photo): ``ARROW_START`` as a set lookup."""
    return text[:1] in _ARROW_SET


def display_width(text: str) -> float:
    """The printed width of a line in Chinese character units: Latin letters, digits
    and ASCII marks half, everything else whole; the OCR's spaces count nothing, but a
    space between two Latin words half a character."""
    narrow = len(text.encode("latin-1", "ignore"))  # the characters below U+0100
    if not narrow:  # (most lines: all wide, so no space or tab either)
        return float(len(text) - text.count("\u3000"))
    spaces = text.count(" ") + text.count("\t")
    width = len(text) - narrow - text.count("\u3000") + 0.5 * (narrow - spaces)
    if spaces:
        width += 0.5 * len(_LATIN_SPACE.findall(text))
    return width


def printed_width(raw: str) -> float:
    """The width of a line as the OCR gave it, which is how it was printed: full-width
    digits and letters and a full-width space take a whole character, invisible
    characters nothing (the line rules make ``１２`` into ``12``, half as wide).

    >>> printed_width("本报北京１２月２０日电　（记者王某）"), display_width("本报北京12月20日电（记者王某）")
    (18.0, 15.0)
    """
    raw = raw.strip()
    if raw.isprintable():  # (most lines: no invisible character to drop, and no U+3000 either)
        return display_width(raw)
    raw = _INVISIBLE.sub("", raw)
    return display_width(raw) + raw.count("\u3000")


_INVISIBLE = regex.compile(r"[\p{Cf}\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LATIN_SPACE = regex.compile(r"(?<=[A-Za-z0-9.,;:!?%)])[ \t]+(?=[A-Za-z0-9(])")

_LETTER_SPACED = regex.compile(r"^\S(?:[ \t\u3000]+\S){3,}$")


def letter_spaced(raw: str) -> bool:
    """A justified line the OCR spread out: a space between (almost) every character."""
    s = raw.strip()
    if s.count(" ") + s.count("\u3000") < 3 or not _LETTER_SPACED.match(s):
        return False
    tokens = s.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    return singles >= 0.8 * len(tokens) and any("\u4e00" <= t <= "\u9fff" or t > "\u3000" for t in tokens)


def ends_sentence(text: str) -> bool:
    """Ends with 。！？… (closing quotes or brackets may follow), or with ``...``."""
    core = text.rstrip(_CLOSERS)
    return core[-1:] in _SENTENCE_MARKS and core[-1:] != "" or text.endswith("...")


def ends_paragraph_mark(text: str) -> bool:
    """Ends with a mark a paragraph may end with: a sentence end, ：；, or a closing
    quote or bracket."""
    return text[-1:] in PARAGRAPH_END


# (Public, with HANGING: the layout reads both off every line's last character.)
PARAGRAPH_END = _PARAGRAPH_MARKS | frozenset(_CLOSERS)


def ends_with_stop(text: str) -> bool:
    """Ends with 。！？…：； (closing quotes or brackets may follow), or closes a bracket
    ((记者甲、乙) closing a report); a closing quote alone ends a headline line as well
    (国际社会继续就“东方之星”)."""
    return text.rstrip(_CLOSERS)[-1:] in _PARAGRAPH_MARKS and text.strip(_CLOSERS) != "" \
        or text.endswith(("）", ")"))


def ends_clause(text: str) -> bool:
    return text[-1:] in _CLAUSE_MARKS and text != ""


def hangs(text: str) -> bool:
    """Ends with a mark that may hang past the column."""
    return text[-1:] in HANGING and text != ""


def starts_dateline(text: str) -> bool:
    return conventions.dateline(text) != ""


_ROLE_ONLY = regex.compile(rf"{conventions.ORGANS}?{conventions.ROLE}")
_NAMES = regex.compile(rf"[{conventions.SPACE}]*{conventions.NAME}(?:[{conventions.SPACE}]+{conventions.NAME}){{0,5}}"
                       rf"(?:[{conventions.SPACE}]*{conventions.PHOTO})?")


# Every role word holds one of 者员員生影, every credit 摄攝 (or 社发, 供图, 资料图片), every
# dateline 讯訊电電 or 【, a bulleted byline its bullet: a line without any of them near its
# start is plain text (most lines; a cheap test).
_SPECIAL = rf"[者员員生影摄攝讯訊电電【]|{conventions.BULLET}|社[发發]|供[图圖]|[资資]料"
_MAY_BE_SPECIAL = re.compile(_SPECIAL)


def may_hold_byline(text: str) -> bool:
    """Whether a role word or a credit could be in ``text`` at all (a cheap test)."""
    return _MAY_BE_SPECIAL.search(text) is not None


# What makes a line more than plain text to the layout: what _MAY_BE_SPECIAL finds (a
# role word, a credit, a dateline), an arrow, a space or a tab.
_NOT_PLAIN = re.compile(rf"[ \t{_ARROWS}]|{_SPECIAL}")


def plain(text: str) -> bool:
    """Whether ``text`` is a plain line of text (most lines are): no byline, credit or
    dateline character, no arrow, no space of any kind and nothing invisible. Such a
    line is of kind ``text``, is not letter-spaced, and prints as wide as
    :func:`display_width` counts it.

    >>> plain("会议传达学习了11月30日"), plain("本报记者 王明"), plain("全\u3000文")
    (True, False, False)
    """
    return text.isprintable() and _NOT_PLAIN.search(text) is None


def line_kind(text: str) -> str:
    """What a whole line is by its form: ``credit``, ``byline``, ``role`` (a role word
    alone, its names on the next line), ``dateline`` (opens an article), ``arrow`` (a
    caption pointing at its photo) or ``text``. Traditional forms count as Simplified."""
    if not _MAY_BE_SPECIAL.search(text, 0, 40):
        return "arrow" if arrow_start(text) else "text"
    folded = conventions.fold(text)
    if conventions.is_byline(folded):  # (one byline match: a credit is a byline too)
        return "credit" if conventions.is_credit(folded) else "byline"
    if conventions.is_credit(folded):  # names and a spaced 摄, with no role word
        return "credit"
    if _ROLE_ONLY.fullmatch(folded):
        return "role"
    if conventions.DATELINE.match(folded):
        return "dateline"
    if arrow_start(text):
        return "arrow"
    return "text"


_ROLE_HEAD = regex.compile(rf"{conventions.ORGANS}?{conventions.ROLE}(?:[{conventions.SPACE}]*\p{{Han}}{{1,3}})?")


_ROLE_WORD = regex.compile(conventions.ROLE)


def names_role(text: str) -> bool:
    """Whether a role word (记者, 通讯员, 摄影, ...) stands anywhere in ``text``."""
    return _ROLE_WORD.search(text) is not None


def role_head(text: str) -> bool:
    """A role, maybe with the start of a name: a byline broken at a narrow column."""
    return _ROLE_HEAD.fullmatch(conventions.fold(text)) is not None


def names_line(text: str) -> bool:
    """Names, maybe ending in 摄: the second line of a byline whose role ended the first."""
    return _NAMES.fullmatch(conventions.fold(text)) is not None


def is_credit(text: str) -> bool:
    return conventions.is_credit(conventions.fold(text))


# Every line of the page holds one of these: its date 星期, its number 版, its editors 编
# (or 編) or 校对 (校對).
_MAY_BE_FURNITURE = re.compile("[期版编編校]")


def is_furniture(text: str) -> bool:
    """Whether ``text`` has the form of a line of the page (conventions.is_furniture)."""
    return _MAY_BE_FURNITURE.search(text) is not None and conventions.is_furniture(conventions.fold(text))


def attributed(text: str) -> bool:
    """A dateline that credits another agency's dispatch (据新华社…电)."""
    return text[:1] in "据據"


def may_open_dateline(text: str) -> bool:
    """Whether ``text`` opens the way a dateline does (本报, 新华社, 【…)."""
    return text[:1] in DATELINE_FIRST and conventions.DATELINE_START.match(conventions.fold(text)) is not None


# What a dateline's first character is (public: the layout tests it before a call).
DATELINE_FIRST = frozenset("据據本新中人【")

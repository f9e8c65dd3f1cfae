"""Measured signals of a printed line: display width, how it ends, how it starts.

Everything the layout stages know about a single line lives here, so that the
stages themselves only combine signals. Script-independent: the few conventions
that name characters (datelines) list Simplified and Traditional forms together.
"""
from __future__ import annotations

import regex

# Sentence-final marks, optionally followed by closing quotes or brackets.
_CLOSERS = "”’」』）》】〕)\"'"
SENTENCE_END = regex.compile(rf"[。！？!?…][{regex.escape(_CLOSERS)}]*$|\.{{3}}$")
# A short line ending in one of these cannot be the middle of a justified paragraph.
PARAGRAPH_END = regex.compile(rf"(?:[。！？!?…：:；][{regex.escape(_CLOSERS)}]*|[{regex.escape(_CLOSERS)}])$")
# Any punctuation a headline line does not end with.
CLAUSE_END = regex.compile(r"[。！？!?…，,、；;：:]$")
HANGING_END = regex.compile(r"[，。、；：？！,.;:?!”’」』）》]$")
OPENING_QUOTE = regex.compile(r"^[“‘「『]")
SUBTITLE_START = regex.compile(r"^[—－-]{1,2}(?=\S)|^——")
ARROW_START = regex.compile(r"^[➡⬅⬆⬇↑↓←→▲▼△▽◀▶►◄☆★●◆■□]")

# Datelines that open an article's first paragraph: 本报讯, 本报北京9月9日电, 新华社平壤…电,
# 【…讯】, 据新华社…电. Simplified and Traditional forms side by side.
_BEN = "本報报"
_XUN = "讯訊"
_DIAN = "电電"
DATELINE = regex.compile(
    rf"""^(?:
        [据據]?(?:本[{_BEN[1:]}]|新[华華]社|中新社|人民[网網]|[\p{{Han}}]{{2,6}}[日晚]?[{_BEN[1:]}]|[\p{{Han}}]{{2,4}}社)
            [\p{{Han}}]{{0,10}}?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})日[{_DIAN}{_XUN}]
      | 本[{_BEN[1:]}][{_XUN}]
      | [\p{{Han}}]{{2,6}}[日晚]?[{_BEN[1:]}][{_XUN}]
      | 【[^】\n]{{1,24}}[{_XUN}{_DIAN}]】
      | [据據]?新[华華]社[{_DIAN}]
    )""",
    regex.VERBOSE,
)


# The first characters a dateline can open with (it may be broken across lines).
DATELINE_START = regex.compile(r"^(?:[据據]?(?:本[报報]|新[华華]社|中新社|人民[网網])|【)")


def char_width(ch: str) -> float:
    """Display width in Chinese character units: ASCII is half, the rest whole."""
    return 0.5 if ch < "\u0370" else 1.0


_WIDE_RUN = regex.compile(r"[^\x00-\u036f]")


def display_width(text: str) -> float:
    """The printed width of a line, ignoring the OCR's spaces (a space between two
    Latin words counts as half a character)."""
    wide = len(_WIDE_RUN.findall(text))
    narrow = len(text) - wide - text.count(" ") - text.count("\t")
    narrow += len(_LATIN_SPACE.findall(text))
    return wide + 0.5 * narrow


_LATIN_SPACE = regex.compile(r"(?<=[A-Za-z0-9.,;:!?%)])[ \t]+(?=[A-Za-z0-9(])")

_LETTER_SPACED = regex.compile(r"^\S(?:[ \t\u3000]+\S){3,}$")


def letter_spaced(raw: str) -> bool:
    """A justified line the OCR spread out: a space between (almost) every character."""
    s = raw.strip()
    if not _LETTER_SPACED.match(s):
        return False
    tokens = s.split()
    singles = sum(1 for t in tokens if len(t) == 1)
    return singles >= 0.8 * len(tokens) and any("\u4e00" <= t <= "\u9fff" or t > "\u3000" for t in tokens)


def ends_sentence(text: str) -> bool:
    return SENTENCE_END.search(text) is not None


def ends_paragraph_mark(text: str) -> bool:
    return PARAGRAPH_END.search(text) is not None


def ends_clause(text: str) -> bool:
    return CLAUSE_END.search(text) is not None


def starts_dateline(text: str) -> bool:
    return DATELINE.match(text) is not None


# Bylines and photo credits: a role, then names (space-separated, 1-4 characters
# each, as printed: 刘 歌 is one padded name), optionally 摄 at the end. A page may
# print several role groups in one line (本报驻韩国记者 万宇 本报驻朝鲜记者 王莉).
_ROLE = (
    r"(?:(?:本[报報]|新[华華]社|人民日[报報]|[\p{Han}]{2,4}[日晚][报報])?(?:驻[\p{Han}]{1,6})?"
    r"(?:特约|特約|见习|見習|实习|實習|首席)?(?:摄影记者|攝影記者|记者|記者|通讯员|通訊員|摄影|攝影)"
    r"|实习生|實習生)"
)
_NAME = r"[\p{Han}·]{1,4}"
_SEP = r"[ \t\u3000]*"
_GROUP = rf"{_ROLE}{_SEP}{_NAME}(?:[ \t\u3000]+{_NAME})*"
_SHOT = r"(?:摄影|攝影|摄|攝)"
BYLINE = regex.compile(rf"^{_GROUP}(?:[ \t\u3000]+{_GROUP})*$")
CREDIT = regex.compile(rf"^{_GROUP}(?:[ \t\u3000]+{_GROUP})*{_SEP}{_SHOT}$|^(?:（)?新[华華]社[发發](?:）)?$")
ROLE_ONLY = regex.compile(rf"^{_ROLE}$")
NAMES_CREDIT = regex.compile(rf"^{_NAME}(?:[ \t\u3000]+{_NAME})*{_SEP}{_SHOT}$")
NAMES = regex.compile(rf"^{_NAME}(?:[ \t\u3000]+{_NAME}){{0,5}}$")
# A credit printed at the end of a caption's last line, after a space.
CREDIT_TAIL = regex.compile(rf"(?<=[。！？…”])[ \t\u3000]*({_GROUP}(?:[ \t\u3000]+{_GROUP})*{_SEP}{_SHOT})$")
_BARE_ROLE = regex.compile(r"^(?:记者|記者|通讯员|通訊員|摄影|攝影|实习生|實習生)(?![ \t\u3000])")


def line_kind(text: str) -> str:
    """What a whole line is by its form: ``credit``, ``byline``, ``role`` (a role word
    alone, its names on the next line), ``dateline`` (opens an article), ``arrow`` (a
    caption pointing at its photo) or ``text``."""
    if CREDIT.match(text):
        return "credit"
    if BYLINE.match(text) and not _BARE_ROLE.match(text):
        return "byline"
    if ROLE_ONLY.match(text):
        return "role"
    if DATELINE.match(text):
        return "dateline"
    if ARROW_START.match(text):
        return "arrow"
    return "text"

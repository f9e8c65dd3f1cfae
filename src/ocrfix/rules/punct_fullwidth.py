"""Turn ASCII punctuation between Chinese characters full-width.

Only , ; : ? ! and parentheses, and only where Chinese stands on both sides (a comma
at the end of a line after Chinese counts): decimals, times, URLs, e-mail addresses
and English sentences keep their ASCII punctuation.

Before: 你好,世界;示范区(高新区)召开会议
After:  你好，世界；示范区（高新区）召开会议
"""
from __future__ import annotations

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import CJK, SHARED_PUNCT, SPACE

ID = "punct-fullwidth"
SCOPE = "line"
DEFAULT = True

_SP = f"[{SPACE}]*"
# Chinese, or punctuation Chinese shares with Latin text (“”—…) where it stands next to it.
_NEIGHBOUR = f"[{CJK}{SHARED_PUNCT}]"
_CHINESE_BEFORE = rf"(?<=(?:{_NEIGHBOUR}|^){_SP})"
_CHINESE_AFTER = rf"(?={_SP}(?:{_NEIGHBOUR}|$))"

# A pair of parentheses with Chinese (or a line edge) outside on both sides. The
# content may hold no other parenthesis, so that converting an inner pair never
# exposes an outer one on a second run.
_PAIR = regex.compile(
    rf"(?<=(?P<left>{_NEIGHBOUR}|^){_SP})\((?P<inside>[^()（）\n]*)\)(?={_SP}(?P<right>{_NEIGHBOUR}|$))",
    regex.MULTILINE,
)
_HAN = regex.compile(r"\p{Han}")
# A parenthesis whose partner is on another line: "(" opening Chinese with no other
# parenthesis after it on the line, ")" closing Chinese with none before it.
_LONE_OPEN = regex.compile(rf"{_CHINESE_BEFORE}\((?={_SP}\p{{Han}}[^()（）\n]*$)", regex.MULTILINE)
_LONE_CLOSE = regex.compile(rf"(?<=^[^()（）\n]*\p{{Han}}{_SP})\){_CHINESE_AFTER}", regex.MULTILINE)
_MARK = regex.compile(rf"{_CHINESE_BEFORE}[,;:?!]{_CHINESE_AFTER}", regex.MULTILINE)
_FULL = str.maketrans(",;:?!()", "，；：？！（）")


def _pair(match: regex.Match) -> str:
    # Chinese inside, or Chinese characters (not just line edges) on both sides.
    if _HAN.search(match["inside"]) or (match["left"] and match["right"]):
        return f"（{match['inside']}）"
    return match[0]


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    if not any(c in text for c in ",;:?!()"):
        return text
    text = _PAIR.sub(_pair, text)
    text = _LONE_OPEN.sub("（", text)
    text = _LONE_CLOSE.sub("）", text)
    return _MARK.sub(lambda m: m[0].translate(_FULL), text)

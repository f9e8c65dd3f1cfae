"""Turn ASCII punctuation that ends or follows a Chinese clause full-width.

, ; : ? ! and parentheses where Chinese stands on both sides (a line edge counts: in
a column dump the line above or below goes on); a comma or question mark after
Chinese whatever follows, or after a Latin word or number that Chinese follows
(``iPhone,好开心``); a full stop after Chinese that ends the line or that Chinese
follows (not an ellipsis ``...``); straight quotes around Chinese (``"好"`` ->
``“好”``, ``'好'`` -> ``‘好’``). Decimals, times, URLs, e-mail addresses
(``邮箱:a.b@c.cn``), ``阿里巴巴.US`` and English sentences keep their ASCII marks.

Before: 你好,世界;示范区(高新区)召开会议.
After:  你好，世界；示范区（高新区）召开会议。
"""
from __future__ import annotations

import re

import regex

from ..config import DEFAULT as _DEFAULT_CONFIG, Config
from ..conventions import CJK, SHARED_PUNCT, SPACE
from ._lines import fix_lines

ID = "punct-fullwidth"
SCOPE = "line"
DEFAULT = True

_SP = f"[{SPACE}]*"
# Chinese, or punctuation Chinese shares with Latin text (“”—…) where it stands next to it.
_NEIGHBOUR = f"[{CJK}{SHARED_PUNCT}]"
# What stands between Chinese and a mark may be a run of commas and question marks
# (中,? 中,. 中,( ): those become full-width in the same pass, which keeps it idempotent.
_AFTER = rf"(?:{_SP}[,?])*{_SP}"
_CHINESE_BEFORE = rf"(?<=[{CJK}]{_AFTER}|{_NEIGHBOUR}{_SP}|^{_SP})"
_CHINESE_AFTER = rf"(?={_SP}(?:{_NEIGHBOUR}|$))"

# A pair of parentheses with Chinese (or a line edge) outside on both sides. The
# content may hold no other parenthesis, so that converting an inner pair never
# exposes an outer one on a second run.
_PAIR = regex.compile(
    rf"(?<=(?P<left>[{CJK}]){_AFTER}|(?P<near>{_NEIGHBOUR}){_SP}|^{_SP})\((?P<inside>[^()（）\n]*)\)(?={_SP}(?P<right>{_NEIGHBOUR}|$))",
    regex.MULTILINE,
)
_HAN = regex.compile(r"\p{Han}")
# A parenthesis whose partner is on another line: "(" opening Chinese with no other
# parenthesis after it on the line, ")" closing Chinese with none before it.
_LONE_OPEN = regex.compile(rf"{_CHINESE_BEFORE}\((?={_SP}\p{{Han}}[^()（）\n]*$)", regex.MULTILINE)
_LONE_CLOSE = regex.compile(rf"(?<=^[^()（）\n]*\p{{Han}}{_SP})\){_CHINESE_AFTER}", regex.MULTILINE)
# The search stops only at a mark (the leading lookahead: one class scan, cheaper than
# the alternatives' own first characters) and tries the lookbehinds there only;
# (?<=X{_AFTER}.) looks behind the mark.
_MARK = regex.compile("(?=[,;:?!.])(?:" + "|".join((
    # Between Chinese, or Chinese and a line edge.
    rf"[,;:?!](?<=[{CJK}]{_AFTER}.|{_NEIGHBOUR}{_SP}.|^{_SP}.){_CHINESE_AFTER}",
    # A comma or question mark after Chinese (``测试英文,Comma``), or after a Latin
    # word or a number that Chinese follows (``iPhone,好开心``, ``2019,中国``).
    rf"[,?](?<=[{CJK}]{_AFTER}.)",
    rf"[,?](?<=[A-Za-z0-9%]{_SP}.)(?={_SP}[{CJK}])",
    # A full stop after Chinese, before Chinese or at the line end (a closing quote
    # may stand between): not one of an ellipsis ``...``.
    rf"\.(?<=[{CJK}]{_AFTER}\.)(?!\.)(?={_SP}(?:[{CJK}]|[\"'”’]?{_SP}$))",
)) + ")", regex.MULTILINE)
_FULL = str.maketrans(",;:?!().", "，；：？！（）。")


def _pair(match: regex.Match) -> str:
    # Chinese inside, or Chinese characters (not just line edges) on both sides.
    if _HAN.search(match["inside"]) or ((match["left"] or match["near"]) and match["right"]):
        return f"（{match['inside']}）"
    return match[0]


# A straight quotation mark; a ' between two letters is an apostrophe (Levi's), not one.
_QUOTE = regex.compile(r"\"|(?<![A-Za-z])'|'(?![A-Za-z])")
_QUOTE_KEY = re.compile("[\"']")  # (stdlib re: two literal characters)
_CURLY = {'"': "“”", "'": "‘’"}
_LATIN_EDGE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _in_latin(line: str, opening: int, closing: int) -> bool:
    """Latin text on both sides of the pair (Remove '铁蕾' from): an English sentence
    quoting a Chinese name keeps its straight quotes."""
    before = line[:opening].rstrip(SPACE)[-1:]
    after = line[closing + 1:].lstrip(SPACE)[:1]
    return before in _LATIN_EDGE and after in _LATIN_EDGE and bool(before and after)


def _quotes(line: str) -> str:
    """Straight quotes paired in order along the line (1st with 2nd, 3rd with 4th, of
    each kind); a pair with Chinese inside and not in an English sentence becomes
    curly. The pairs left straight keep their order, so a second run pairs them the
    same way."""
    positions: dict[str, list[int]] = {'"': [], "'": []}
    for mark in _QUOTE.finditer(line):
        positions[mark[0]].append(mark.start())
    chars = None
    for kind, found in positions.items():
        for opening, closing in zip(found[::2], found[1::2]):
            if _HAN.search(line, opening + 1, closing) and not _in_latin(line, opening, closing):
                chars = chars or list(line)
                chars[opening], chars[closing] = _CURLY[kind]
    return "".join(chars) if chars else line


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    if not any(c in text for c in ",;:?!().\"'"):
        return text
    if '"' in text or "'" in text:  # (two C-level scans; a class search costs ten times more)
        text = fix_lines(text, _QUOTE_KEY, _quotes)
    text = _PAIR.sub(_pair, text)
    text = _LONE_OPEN.sub("（", text)
    text = _LONE_CLOSE.sub("）", text)
    return _MARK.sub(lambda m: m[0].translate(_FULL), text)

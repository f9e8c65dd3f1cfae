"""Check that no printed character was lost: every non-space character of a page must
reach the output, in order.

Both sides are folded first, one character at a time, so that what the rules change
on purpose does not count as a loss:

- compatibility decomposition (NFKD, per character): full-width letters and digits
  become ASCII, ``…`` becomes ``...``; per character, so that composing ``e`` + U+0301
  into ``é`` is not a change either;
- ASCII punctuation becomes its full-width form (``,`` → ``，``), and a few marks the
  punctuation rules may choose between count as one: ``.``/``．``/``。``, straight and
  curly quotes, the dashes;
- whitespace, control and invisible (default-ignorable) characters are dropped;
- a ``-`` or soft hyphen that ends a line of the input may be missing (a hyphenated
  word was rejoined).

The output may hold more than the input (a rule may add punctuation); only a missing
character is a failure. Split output is compared in source-line order: the parts of
all items sorted by their first line (stable), since headline order and columns
mean items need not follow the page.

    >>> check("本报讯 （记者）\\n11 月", "本报讯（记者）11月\\n") is None
    True
    >>> check("第一行\\n第二行", "第一行\\n第行")
    CheckFailure(char='二', line=2, column=2, context='第二行')
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

from .page import Item
from .rules import newline_normalize

_DROP = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Z}\p{Default_Ignorable_Code_Point}\s]")
_HYPHENS = frozenset("-\u00ad")

# Marks the rules may swap for one another, folded to one representative.
_SAME = {
    "。": "．",
    "“": "＂", "”": "＂", "„": "＂", "″": "＂",
    "‘": "＇", "’": "＇", "′": "＇",
    "‐": "－", "‑": "－", "‒": "－", "–": "－", "—": "－", "―": "－", "−": "－", "─": "－",
}


@dataclass(frozen=True)
class CheckFailure:
    """The first input character missing from the output, where it stood (1-based), and
    its line (stripped) for context."""

    char: str
    line: int
    column: int
    context: str

    def __str__(self) -> str:
        return (f"line {self.line}, column {self.column}: {self.char!r} (U+{ord(self.char):04X}) "
                f"did not reach the output: {self.context[:80]}")


def _fold_char(ch: str) -> str:
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if _DROP.match(c):
            continue
        if "!" <= c <= "~" and not c.isalnum():
            c = chr(ord(c) + 0xFEE0)
        out.append(_SAME.get(c, c))
    return "".join(out)


class _FoldTable(dict):
    """``str.translate`` table that folds each character on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 1 << 16:
            self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` as the check compares it (see the module docstring).

    >>> fold("１２ 月, “好”")
    '12月，＂好＂'
    """
    return text.translate(_TABLE)


def check(text_in: str, items_or_text: str | Sequence[Item]) -> CheckFailure | None:
    """The first non-space character of ``text_in`` that is missing from the output
    (a cleaned string, or the items of :func:`ocrfix.split`), or None if none is."""
    lines = _lines(text_in)
    pieces = items_or_text if isinstance(items_or_text, str) else "\n".join(output_pieces(items_or_text, lines))
    out = fold(pieces)
    position = 0
    end = len(out)
    for number, line in enumerate(lines, start=1):
        stripped = line.rstrip()
        hyphenated = stripped[-1:] in _HYPHENS
        if not hyphenated:  # the usual case: the whole line is next in the output
            folded = fold(line)
            if out.startswith(folded, position):
                position += len(folded)
                continue
        last = len(stripped) - 1
        for column, ch in enumerate(line):
            folded = fold(ch)
            if not folded:
                continue
            if column == last and hyphenated:
                if out.startswith(folded, position):
                    position += len(folded)
                continue  # a line-end hyphen may have been rejoined away
            for c in folded:
                found = out.find(c, position, end)
                if found < 0:
                    return CheckFailure(ch, number, column + 1, line.strip())
                position = found + 1
    return None


def _lines(text: str) -> list[str]:
    # The line numbers of the pipeline: its own rule for line endings decides them.
    return newline_normalize.apply(text).split("\n")


def output_pieces(items: Iterable[Item], lines: Sequence[str] | None = None) -> list[str]:
    """The texts of ``items`` in source-line order: every item's ``parts`` sorted by their
    first line (stable); an item without parts gives its fields in reading order, at its
    first line. Parts that start on one line (a line that held two things side by side,
    which went to two items) go in the order they start in it, where ``lines`` (the
    input's) tells it."""
    pieces: list[tuple[int, int, str]] = []
    for item in items:
        if item.parts:
            pieces.extend((first, len(pieces), text or "") for _field, text, first, _last in item.parts)
        else:
            texts = [item.kicker, item.title, item.subtitle, item.byline, *item.paragraphs]
            pieces.extend((item.first, len(pieces), t) for t in texts if t)
    pieces.sort(key=lambda p: (p[0], p[1]))
    if lines is not None:
        pieces = _within_lines(pieces, lines)
    return [text for _first, _n, text in pieces]


def _within_lines(pieces: list[tuple[int, int, str]], lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """``pieces`` (sorted by line), those sharing a first line put in the order their
    first characters stand in that line."""
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(pieces):
        j = k + 1
        while j < len(pieces) and pieces[j][0] == pieces[k][0]:
            j += 1
        group = pieces[k:j]
        number = group[0][0]
        if len(group) > 1 and 0 < number <= len(lines):
            line = fold(lines[number - 1])

            def start(piece: tuple[int, int, str]) -> int:
                first = fold(piece[2])[:1]
                at = line.find(first) if first else -1
                return at if at >= 0 else len(line)

            group.sort(key=start)  # (stable: pieces not found keep their order, last)
        out += group
        k = j
    return out

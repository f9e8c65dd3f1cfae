"""Rejoin column line-wraps into paragraphs, reading the layout itself.

Each printed line is measured against its column (estimated from its neighbours):
a short line that ends a sentence ends a paragraph; a line two characters short after
a sentence end is an indented first line; a full line continues its paragraph, even
across a blank line. Short blocks without sentence punctuation that stand apart
from the text around them are headline lines and are not glued to the body.

Before: 会议传达学习了习近平总书记在中央 / 全面依法治国工作会议上的重要讲话 / (blank) / 精神。
After:  会议传达学习了习近平总书记在中央全面依法治国工作会议上的重要讲话精神。
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import regex

from .. import conventions
from ..page import Line, Paragraph
from . import signals

ID = "join-lines"
SCOPE = "layout"
DEFAULT = True

NEIGHBOURS = 9  # lines that vote on a line's column width
MAX_HEADING_LINES = 3
# A headline wraps over more lines in a narrow column: as many as this many characters
# take at the width of its first line (a 32-character headline in lines of 8: four).
HEADLINE_CHARS = 32
# Below its column by more than this, a line without a sentence end is no body line
# (an indented first line is two short, a digit or a kept-back mark one more).
SHORT = 3.5
# A line this much below its full width is short. Full lines of Chinese text are exact;
# half-width digits leave up to half a character free.
SLACK = 1.0


@dataclass(slots=True)
class Row:
    """A non-blank line with its measured signals."""

    line: Line
    text: str
    width: float
    blank_before: bool
    kind: str  # signals.line_kind's, or furniture (a line of the page: _mark_furniture)
    spaced: bool  # letter-spaced by justification: full width whatever its count
    column: float = 0.0
    unit: int = 0
    heading: bool = False
    candidate: bool = False  # in a block that could be a headline
    new_column: bool = False  # the first line of a stretch set in a new column width
    credit_tail: str = ""  # a photo credit printed at the end of the line, split off
    core: float = 0.0  # the width without a closing mark that may hang past the column
    ends: bool = False  # ends with a mark a paragraph may end with (signals.ends_paragraph_mark)
    credit_end: int = 0  # the line number the credit ends on, where it went on past this line


def _row(line: Line, text: str, width: float, blank_before: bool, kind: str, spaced: bool, tail: str) -> Row:
    """A row with ``core`` and ``ends`` read from its text: :func:`signals.hangs` and
    :func:`signals.ends_paragraph_mark`, as set lookups. (Set here rather than in a
    ``__post_init__``: a row is made for every line, and the hook doubled its cost.)"""
    last = text[-1:]
    core = width - 1.0 if last in signals.HANGING else width
    return Row(line, text, width, blank_before, kind, spaced, 0.0, 0, False, False, False, tail, core,
               last in signals.PARAGRAPH_END)


def run(state, *, config, trace) -> None:
    rows = _rows(state.lines)
    units = _units(rows)
    candidates = [u for u in units if _heading_candidate(rows, u)]
    for unit in candidates:
        for i in unit:
            rows[i].candidate = True
    _estimate_columns(rows)
    _find_headings(rows, candidates)
    state.paragraphs = _paragraphs(rows, config, trace, rejoined=_already_rejoined(rows))


REJOINED_SHARE = 0.8


def _already_rejoined(rows: list[Row]) -> bool:
    """Whether the page is text whose lines are paragraphs already (ocrfix's own output,
    read again): nearly every text line ends a sentence, where in a column most lines
    break off mid-sentence."""
    text = [r for r in rows if r.kind in ("text", "dateline") and not r.heading and r.width >= 8]
    ends = sum(1 for r in text if r.ends)
    return len(text) >= 3 and ends >= REJOINED_SHARE * len(text)


# -- rows and units --------------------------------------------------------------

def _rows(lines: list[Line]) -> list[Row]:
    rows: list[Row] = []
    maybe_roles: list[int] = []  # the rows _settle_roles looks at: role words, and text that may hold one
    blank = True
    for line in lines:
        text = line.text.strip()
        if not text:
            blank = True
            continue
        raw = line.raw.strip()  # (stripped once: the signals below strip a stripped line at no cost)
        if raw == text and signals.plain(text):
            # Most lines: plain text the line rules left as it was, of kind text, not
            # letter-spaced, as wide as it counts (what the tests below find, found at once).
            if not blank and rows and rows[-1].text[:1] in signals.DATELINE_FIRST and _ends_in_dateline(rows, text):
                rows[-1].kind = "dateline"  # (the first character tells most lines, without a call)
            rows.append(_row(line, text, signals.display_width(text), blank, "text", False, ""))
            blank = False
            continue
        special = signals.may_hold_byline(text)
        kind = signals.line_kind(text) if special or signals.arrow_start(text) else "text"
        if kind == "text" and raw and raw != text and signals.may_hold_byline(raw):
            # a byline the line rules could not space
            kind = {"byline": "byline", "credit": "credit"}.get(signals.line_kind(raw), kind)
        tail = ""
        if special and kind in ("text", "dateline", "arrow"):
            text, tail = conventions.split_credit(text)
        spaced = signals.letter_spaced(raw) if raw else False
        if not blank and rows and (joined := _broken_credit(rows[-1], text)):
            rows[-1] = joined  # (the credit began at the end of the line above)
            joined.credit_end = line.number
            continue
        if kind == "text" and not blank and _ends_in_dateline(rows, text):
            rows[-1].kind = "dateline"
        whole = True
        if kind == "text" and special and " " in raw and (at := _dateline_inside(raw, text)) > 0:
            # A headline's last line and the dateline beside it, printed as one line.
            rows.append(_row(line, text[:at], signals.display_width(text[:at]), blank, "text", False, ""))
            text, kind, blank, whole = text[at:], "dateline", False, False
        if special or kind == "role":  # (a line without any role character holds no role word)
            maybe_roles.append(len(rows))
        width = signals.printed_width(raw) if line.raw and not tail and whole else signals.display_width(text)
        rows.append(_row(line, text, width, blank, kind, spaced, tail))
        blank = False
    _settle_roles(rows, maybe_roles)
    rows = _split_side_by_side(rows)
    _mark_furniture(rows)
    return rows


def _split_side_by_side(rows: list[Row]) -> list[Row]:
    """Split the rows that hold the lines of two columns side by side, printed as one
    line with a space between (…首位美国 ➡昨日，焦作…): a row clearly wider than the
    rows above and below it, the part before its last space no wider than the row
    above, the part after it as wide as the row below."""
    widths = [row.width for row in rows]
    wide = {k for k in range(1, len(rows) - 1) if widths[k] > max(widths[k - 1], widths[k + 1]) + SIDE_BY_SIDE}
    if not wide:
        return rows  # (most pages: no row wider than both its neighbours)
    out: list[Row] = []
    for k, row in enumerate(rows):
        above = out[-1] if out else None
        below = rows[k + 1] if k + 1 < len(rows) else None
        at = 0
        if k in wide and above is not None and below is not None \
                and row.width > max(above.width, below.width) + SIDE_BY_SIDE \
                and row.kind in ("text", "arrow") and not row.spaced and not row.credit_tail \
                and not row.blank_before and not below.blank_before \
                and above.kind == "text" and below.kind in ("text", "arrow") and not above.spaced and not below.spaced \
                and not _closes(above) and not _closes(below):  # (full lines of their columns, to measure by)
            at = _gap(row, below)
        if not at:
            out.append(row)
            continue
        head, tail = row.text[:at].rstrip(), row.text[at:].lstrip()
        if signals.display_width(head) > above.width + 1 or signals.names_role(head):  # (a byline's names)
            out.append(row)
            continue
        out.append(_row(row.line, head, signals.display_width(head), False, "text", False, ""))
        out.append(_row(row.line, tail, signals.display_width(tail), False, signals.line_kind(tail), False, ""))
        out[-1].new_column = True  # (the other column's text starts here, whatever its width)
    return out


SIDE_BY_SIDE = 3.0  # how much wider than the rows around it a row holding two columns' lines is


def _broken_credit(above: Row, text: str) -> Row | None:
    """The row ``above`` with its photo credit split off, where the credit began at the
    end of it after a sentence and goes on into ``text``, a short line ending in 摄
    (…举行会晤。新华社记 / 者 鞠 鹏摄); None where it does not."""
    if above.kind != "text" or above.credit_tail or len(text) > _CREDIT_REST or text[-1:] not in "摄攝":
        return None
    head, tail = conventions.split_credit(above.text + text)
    # (set apart from the sentence by a space, as a credit is: 记者前去 / 拍摄 is text)
    if not tail or not head or len(tail) <= len(text) or not _SET_APART.search(above.line.raw or above.text):
        return None
    begun = tail[:len(tail) - len(text)]
    return _row(above.line, head, signals.display_width(head), above.blank_before, "text", above.spaced,
                f"{begun}{_credit_seam(begun)}{text}")


def _credit_seam(begun: str) -> str:
    """What goes between the part of a credit on one line and its rest on the next: the
    separator after a role word (新华社记者 / 李明摄), nothing inside a word or name
    (新华社记 / 者…, 李 / 明摄)."""
    return " " if conventions.fold(begun).endswith(conventions.ROLES) else ""


_CREDIT_REST = 10  # the most of a credit that goes down a line after it began (…新华社记 / 者 鞠 鹏摄)
_SET_APART = re.compile(r"[。！？!?”）)][ \t\u3000]+[^。！？!?]{1,24}$")


def _dateline_inside(raw: str, text: str) -> int:
    """Where in ``text`` a dateline starts that the raw line sets apart with a space after
    text not ending a sentence (标题末行 本报北京12月20日电（记者…）…: two blocks side by
    side on one printed line); 0 for none. The dateline must be whole on the line."""
    match = _DATELINE_APART.search(conventions.fold(raw))
    if match is None:
        return 0
    at = _text_offset(text, raw[: match.start()])
    if at >= len(text) or not conventions.dateline(text[at:]) or signals.ends_clause(text[:at]):
        return 0
    return at


def _text_offset(text: str, raw_before: str) -> int:
    """Where in ``text`` (a line after the line rules) the part of its raw line after
    ``raw_before`` begins: past as many characters other than spaces, since the line
    rules take spaces out and change nothing else a line's layout reads."""
    count = len(_BLANKS.sub("", raw_before))
    at = seen = 0
    while at < len(text) and seen < count:
        seen += not text[at].isspace()
        at += 1
    return at


_BLANKS = re.compile(r"\s+")
_DATELINE_APART = re.compile(
    r"(?<=[^\s。！？])\s+(?=据?\s?(?:本\s?报|新\s?华\s?社|中\s?新\s?社|人\s?民\s?网)\s?\S)")


def _mark_furniture(rows: list[Row]) -> None:
    """A line that has the form of a line of the page, its date, number or editors,
    belongs to no story where no sentence of one can be going on into it: at the page's
    first line, under a line standing alone or a paragraph's end (dumps without blank
    lines), alone between blank lines, or among the page's last lines."""
    for i, row in enumerate(rows):
        if row.kind != "text":
            continue
        prev = rows[i - 1] if i else None
        # (most lines go on from a line that ends in no mark: told before the patterns run)
        after_end = prev is None or prev.kind in _ALONE or prev.ends and signals.ends_with_stop(prev.text)
        if (after_end or row.blank_before and (i + 1 == len(rows) or rows[i + 1].blank_before)) \
                and signals.is_furniture(row.text):
            row.kind = "furniture"
    for row in reversed(rows):  # the page's last lines: no sentence goes on into a page's end
        if row.kind == "furniture" or row.kind == "text" and signals.is_furniture(row.text):
            row.kind = "furniture"
        else:
            break


def _ends_in_dateline(rows: list[Row], text: str) -> bool:
    """Whether the text line ``text`` completes a dateline the text row above it opens
    (a dateline broken across narrow column lines)."""
    return bool(rows) and rows[-1].kind == "text" and signals.may_open_dateline(rows[-1].text) \
        and signals.starts_dateline(rows[-1].text + text)


def _settle_roles(rows: list[Row], maybe_roles: list[int]) -> None:
    """A role word alone (or with the start of a name) is a byline only when its names
    follow on the next line. ``maybe_roles``: the indices of the rows that can be one."""
    for i in maybe_roles:
        row = rows[i]
        if row.kind == "role":
            if not _names_follow(rows, i):
                row.kind = "text"
        elif row.kind == "text" and signals.may_hold_byline(row.text) and signals.role_head(row.text) \
                and _names_follow(rows, i):
            row.kind = "role"


def _names_follow(rows: list[Row], i: int) -> bool:
    nxt = rows[i + 1] if i + 1 < len(rows) else None
    return nxt is not None and not nxt.blank_before and signals.names_line(nxt.text)


def _units(rows: list[Row]) -> list[list[int]]:
    """Blocks of lines between blank lines, cut again before a dateline or an arrow,
    around bylines and credits, and around a headline line set flush against a body
    with no blank line between."""
    blocks: list[list[int]] = []
    for i, row in enumerate(rows):
        alone = row.kind in _ALONE
        starts = row.blank_before or row.kind in ("dateline", "arrow") or alone
        if not blocks or starts or rows[i - 1].kind in _ALONE:
            blocks.append([])
        blocks[-1].append(i)
    units = [unit for block in blocks for unit in _cut_flush_headlines(rows, block)]
    for n, unit in enumerate(units):
        for i in unit:
            rows[i].unit = n
    return units


def _cut_flush_headlines(rows: list[Row], block: list[int]) -> list[list[int]]:
    """Split off the first one or two lines, or the last line after a paragraph end,
    where they could be a headline set flush against the body: set off the column of
    the rest, or (the last line) followed by an article's opening, which a body line
    without a sentence end could not be."""
    units: list[list[int]] = []
    # Heads are split off in a loop: a long block of ever narrower lines, each a head,
    # must not recurse past the stack.
    while size := _flush_head(rows, block):
        units.append(block[:size])
        block = block[size:]
    *inner, block = _cut_inner_headlines(rows, block)
    units += inner
    if len(block) < 2:
        return [*units, block]
    after = rows[block[-1] + 1] if block[-1] + 1 < len(rows) else None
    opening_after = after is not None and after.kind in _OPENINGS
    for size in (1, 2):  # a two-line headline only where an article opens right after it
        tail, rest = block[-size:], block[:-size]
        if not rest or not signals.ends_with_stop(rows[rest[-1]].text) \
                or not all(_headline_like(rows[i]) for i in tail) or signals.SUBTITLE_START.match(rows[tail[0]].text):
            continue
        if opening_after or (size == 1 and len(rest) >= 2 and _off_column(rows, tail, rest[-CHANGE_WINDOW:])):
            return [*units, rest, tail]
    return [*units, block]


def _cut_inner_headlines(rows: list[Row], block: list[int]) -> list[list[int]]:
    """Cut ``block`` around the headlines that stand inside it, flush against the text
    above and below (dumps without blank lines): after a paragraph's end, one to three
    headline-like lines (more in a narrow column: :func:`_most_heading_lines`) after
    which an article's opening or a new paragraph follows, the last of them no line a
    paragraph could go on from."""
    out: list[list[int]] = []
    start, p = 0, 1
    if block[0] and rows[block[0] - 1].kind in _ALONE and not rows[block[0]].blank_before:
        p = 0  # (flush under a line standing alone, a line of the page or a byline: no column above to go by)
    while p < len(block):
        prev = rows[block[p] - 1] if block[p] else None
        size = _inner_headline(rows, block, p) if (prev is None or _closes(prev)) \
            and _headline_like(rows[block[p]]) else 0
        if size:
            out += [block[start:p], block[p:p + size]] if p > start else [block[p:p + size]]
            start = p = p + size
        else:
            p += 1
    rest = block[start:]
    return [*out, rest] if rest else out


def _closes(row: Row) -> bool:
    """Whether nothing goes on from ``row`` into the line below it: it ends a sentence or
    a paragraph, stands alone (a byline, a line of the page), or ends a photo credit
    (…摄, letter-spaced or broken over lines). Most lines end in no mark at all: told
    by ``row.ends`` before the full test (a sentence's end is one of those marks)."""
    return row.kind in _ALONE or row.text[-1:] in "摄攝" or row.ends and signals.ends_with_stop(row.text)


def _inner_headline(rows: list[Row], block: list[int], p: int) -> int:
    """How many lines from ``block[p]`` on (one to three, more in a narrow column) make a
    headline standing inside the block; 0 for none. The longest run that fits is taken:
    a headline wraps over short lines, and what follows it opens an article or an
    indented paragraph."""
    best = 0
    if rows[block[p]].text.startswith(("（", "(")):
        return 0  # a bracketed line (（本报…电 记者…）) closes or glosses the text above
    first = block[p]
    text_above = -1.0  # (measured once, when first needed)
    limit = MAX_HEADING_LINES
    for size in range(1, len(block) - p + 1):
        if size == MAX_HEADING_LINES + 1:  # (measured once; a line further on may not be wider than the first)
            limit = _most_heading_lines(rows, block[p:p + size])
        if size > limit or not _headline_like(rows[block[p + size - 1]]) \
                or size > MAX_HEADING_LINES and rows[block[p + size - 1]].width > rows[first].width:
            break
        run = block[p:p + size]
        last = rows[run[-1]]
        after = rows[run[-1] + 1] if run[-1] + 1 < len(rows) else None
        if after is None or after.kind in _OPENINGS or after.kind == "furniture":
            best = size  # (what follows opens an article, or ends the page)
            continue
        if after.kind != "text" or after.spaced:
            continue
        below = _full_width(rows, [j for j in range(run[-1] + 1, min(len(rows), run[-1] + 1 + CHANGE_WINDOW))
                                   if rows[j].kind == "text"])
        if not below:
            continue
        if text_above < 0:  # (the lines above across a blank line too: a column break is no column change)
            text_above = _full_width(rows, [j for j in range(max(0, first - CHANGE_WINDOW), first)
                                            if rows[j].kind == "text"])
        above = text_above or below
        column = min(above, below)
        # Shorter than an indented first line can be (half-width characters aside).
        short = not last.spaced and last.width < column - 2 - max(1.0, _short(column) - 1.0) - _narrow(last.text) / 2
        # Wider than the columns around, where no run set wide (around a photo) goes on
        # above or below it, nor ends in a paragraph's last line below it.
        wide = after.core < last.core - 1.5 and not after.ends \
            and any(not rows[i].spaced and rows[i].width > max(above, below) + _overshoot(rows[i].text) + 1.0
                    for i in run) and abs(_text_width_above(rows, run[0], core=False) - last.width) > 2.5
        # Or it fits neither column: wider than the one above, too short for the one below.
        # (Not where the line below goes on in its width: a caption set in its own.)
        neither = not last.spaced and last.width > above + _overshoot(last.text) + 1.5 and last.width < below - SHORT \
            and abs(after.core - last.core) > 1.0
        # The line after is a paragraph's indented first line: a full line of its column
        # follows it (printed widths, a mark hung past the column included; half-width
        # characters counted whole, where OCR spacing narrows a full line).
        below_after = rows[run[-1] + 2] if run[-1] + 2 < len(rows) else None
        indented_after = below_after is not None and below_after.kind == "text" and not below_after.spaced \
            and not after.ends and not below_after.ends and below_after.core >= below - 1 \
            and below_after.width - 3 <= after.width + _narrow(after.text) / 2 <= below_after.width - 1.5 \
            and last.core < above - 1
        if short or wide or neither or indented_after:
            best = size
    return best


def _narrow(text: str) -> int:
    """How many characters of ``text`` are below U+0100 (half-width letters, digits and
    marks, and the spaces among them, which signals.display_width counts as nothing)."""
    return len(text.encode("latin-1", "ignore"))


def _flush_head(rows: list[Row], block: list[int]) -> int:
    """How many first lines of ``block`` (one or two) stand off the column of the
    lines below them as a headline set flush against the body; 0 for none."""
    if len(block) < 2:
        return 0
    # After a paragraph's end the first line would be indented: two narrower.
    prev = rows[block[0] - 1] if block[0] else None
    indent = 2.0 if prev is not None and prev.kind == "text" and prev.ends and rows[block[0]].blank_before else 0.0
    for size in (1, 2):
        head = block[:size]
        # (a caption's last line holds its credit, the text before it is a short last line)
        rest = [i for i in block[size:] if not rows[i].credit_tail]
        if len(rest) >= 2 and all(_headline_like(rows[i]) for i in head) \
                and _off_column(rows, head, rest[:CHANGE_WINDOW], wider=True, indent=indent) \
                and abs(_text_width_above(rows, block[0]) - max(rows[i].core for i in head)) > 2:
            return size
    return 0


_OPENINGS = ("dateline", "byline", "role", "credit")
# Lines that stand alone, in a block of their own.
_ALONE = ("byline", "credit", "role", "furniture")


def _text_width_above(rows: list[Row], first: int, *, core: bool = True) -> float:
    """The widest of the two text lines just above row ``first`` (0 for none), without
    a closing mark hung past the column unless ``core`` is off. Lines above a block as
    wide as its first lines are a run set wide (around a photo) that goes on, not a
    headline."""
    return max((rows[i].core if core else rows[i].width for i in range(max(0, first - 2), first)
                if rows[i].kind == "text"), default=0)


def _headline_like(row: Row) -> bool:
    return row.kind == "text" and not row.credit_tail and not signals.ends_clause(row.text) \
        and not _INNER_STOP.search(row.text)


def _off_column(rows: list[Row], lines: list[int], body: list[int], *, wider: bool = False,
                indent: float = 0.0) -> bool:
    """Whether any of ``lines`` cannot be a line of the column ``body`` is set in: wider
    than it can run (the first of them ``indent`` narrower), or (unless only ``wider``
    counts) too short for a wrapped line."""
    column = _full_width(rows, body)
    if not column:
        return False
    margin = 1.5 if wider else 0.0  # with no blank line to go by, only a clear difference counts
    for k, i in enumerate(lines):
        row = rows[i]
        if row.spaced:
            continue
        limit = column - (indent if k == 0 else 0.0)
        # (_overshoot is half a character or more: a line no wider than the limit and
        # half a character is told without it)
        if row.width > limit + 0.5 + margin and row.width > limit + _overshoot(row.text) + margin \
                or not wider and row.width < column - SHORT:
            return True
    return False


# -- column width ------------------------------------------------------------------

def _estimate_columns(rows: list[Row]) -> None:
    """Give every row the width of its column: the median of the three widest of its
    nearest neighbours in the same stretch of body text. A stretch ends at a dateline,
    a byline, a credit, a possible headline, and where the column itself changes after a
    paragraph's end (an article with no headline of its own starts there)."""
    stretch: list[int] = []
    for i, row in enumerate(rows):
        body = not row.candidate and row.kind in ("text", "dateline", "arrow")
        if not body or row.kind == "dateline":
            _columns_of(rows, stretch)
            stretch = []
        if body:
            stretch.append(i)
    _columns_of(rows, stretch)
    _caption_columns(rows)
    for i, row in enumerate(rows):  # a possible headline: measured against the text after it, else before
        if row.candidate:
            row.column = _nearest_column(rows, i)
        elif row.kind == "dateline" and i and rows[i - 1].kind == "text" and not rows[i - 1].candidate \
                and abs(row.column - rows[i - 1].column) >= COLUMN_CHANGE \
                and abs(_median_width(rows, _body_after(rows, i)) - rows[i - 1].column) >= COLUMN_CHANGE:
            # (a dispatch quoted inside an article, 据新华社…电, keeps its column; a run set
            # wide around a photo is a few lines among the column's)
            row.new_column = True


def _body_after(rows: list[Row], i: int) -> list[int]:
    """Row ``i`` and the body rows after it, up to two change windows."""
    return [j for j in range(i, min(len(rows), i + 2 * CHANGE_WINDOW))
            if rows[j].kind in ("text", "dateline", "arrow") and not rows[j].candidate]


def _caption_columns(rows: list[Row]) -> None:
    """A photo caption is set in its own width, without an indent: where the lines above
    a credit share one width and the line above them is set in another column, the
    caption starts a new column there, blank line or not, even where it breaks into a
    sentence of the body (which goes on after the credit)."""
    for i, row in enumerate(rows):
        last = i - 1 if row.kind == "credit" else i if row.credit_tail else -1
        first = last - 1
        if first < 1 or rows[last].kind != "text" or rows[first].kind != "text" or rows[last].blank_before:
            continue
        width = rows[first].core
        while first > 1 and not rows[first].blank_before and rows[first - 1].kind == "text" \
                and min(abs(rows[first - 1].core - width), abs(rows[first - 1].width - width)) <= 1:
            first -= 1  # (a mark at a line's end may hang past the column, or not)
        above = rows[first - 1]
        # (the column above as its own lines show it: a column measured across the
        # caption takes the caption's width)
        lines_above = _full_width(rows, _text_above(rows, first)) or above.column
        if above.kind == "text" and not above.candidate \
                and max(abs(above.column - width), abs(lines_above - width)) >= COLUMN_CHANGE:
            rows[first].new_column = True


def _text_above(rows: list[Row], first: int) -> list[int]:
    """The body lines right above row ``first``: up to a change window of them, back to
    a blank line, a possible headline or any line not of body text."""
    out: list[int] = []
    j = first - 1
    while j >= 0 and len(out) < CHANGE_WINDOW and rows[j].kind == "text" and not rows[j].candidate:
        out.append(j)
        if rows[j].blank_before:
            break
        j -= 1
    return out


def _columns_of(rows: list[Row], stretch: list[int]) -> None:
    start = 0
    for k in _column_changes(rows, stretch) + [len(stretch)]:
        part = stretch[start:k]
        if start:
            rows[part[0]].new_column = True
        measured = [i for i in part if not rows[i].spaced] or part
        cores = [rows[i].core for i in measured]
        window, shared = -1, 0.0
        last = max(0, len(measured) - NEIGHBOURS)  # where the last window starts
        for i in part:  # the NEIGHBOURS measured lines around i
            at = min(max(0, bisect_left(measured, i) - NEIGHBOURS // 2), last)
            if at != window:  # (the lines near either end of a part share one window)
                # A window one line further on that takes in a line as wide as the one
                # it lets go holds the same widths (most lines are full): same column.
                if window < 0 or at != window + 1 or cores[window] != cores[at + NEIGHBOURS - 1]:
                    shared = _column_width(cores[at: at + NEIGHBOURS])
                window = at
            row = rows[i]
            column = shared or row.width
            if row.core >= column + COLUMN_CHANGE:  # a line of a run set wide: its own column
                column = _widest_shared([w for w in cores[at: at + NEIGHBOURS] if w >= column + COLUMN_CHANGE])
            row.column = column
        start = k


def _full_width(rows: list[Row], indices) -> float:
    """The width the full lines among these rows share (0 for none)."""
    return _widest_shared([rows[j].core for j in indices if not rows[j].spaced])


def _widest_shared(widths: list[float]) -> float:
    """The median of the three widest: most lines of a column are full, and one line
    running wider (a mark hung past the column, a digit counted) is outvoted."""
    return _widest_shared_sorted(sorted(widths))


def _widest_shared_sorted(ordered: list[float]) -> float:
    """:func:`_widest_shared` of widths sorted from narrow to wide: the second widest
    of three or more, else the widest."""
    if not ordered:
        return 0.0
    return ordered[-2] if len(ordered) >= 3 else ordered[-1]


def _column_width(widths: list[float]) -> float:
    """The column these line widths were set in: the width the full lines share
    (:func:`_widest_shared`), unless that is a few lines set wide around a photo and
    most lines are narrower: then the width the most lines fill."""
    ordered = sorted(widths)  # (one sort serves both: this runs for nearly every line)
    widest = _widest_shared_sorted(ordered)
    if not ordered or widest - ordered[len(ordered) // 2] < COLUMN_CHANGE:
        return widest
    shared = _most_shared(ordered)
    return shared if widest - shared >= COLUMN_CHANGE else widest


def _most_shared(ordered: list[float]) -> float:
    """The width the most lines fill (to one character), the wider on a tie; ``ordered``
    is sorted."""
    best, support, low = 0.0, 0, 0
    for high, width in enumerate(ordered):
        while ordered[low] < width - 1:
            low += 1
        if high - low + 1 >= support:
            best, support = width, high - low + 1
    return best


def _median_width(rows: list[Row], indices) -> float:
    widths = sorted(rows[j].core for j in indices if not rows[j].spaced)
    return widths[len(widths) // 2] if widths else 0.0


CHANGE_WINDOW = 5
# Columns this much apart in width are different columns (an indent is two less).
COLUMN_CHANGE = 3


def _column_changes(rows: list[Row], stretch: list[int]) -> list[int]:
    """Positions in ``stretch`` where a new column starts: after a paragraph's last line,
    the lines before and after settle on clearly different widths, each for a while
    (a few lines set wide around a photo do not count)."""
    out = []
    w = CHANGE_WINDOW
    for k in range(2 * w - 1, len(stretch) - 2 * w):
        if not rows[stretch[k]].ends or (out and k + 1 - out[-1] < 3):
            continue
        left, right = _full_width(rows, stretch[max(0, k + 1 - w): k + 1]), _full_width(rows, stretch[k + 1: k + 1 + w])
        if not left or not right or abs(left - right) < COLUMN_CHANGE:
            continue
        # Most lines further on each side keep the width (a run set wide around a photo
        # is a few lines among narrow ones).
        before = _median_width(rows, stretch[k + 1 - 2 * w: k + 1 - w])
        after = _median_width(rows, stretch[k + 1 + w: k + 1 + 2 * w])
        if abs(before - left) <= 2 and abs(after - right) <= 2 \
                and _mostly_wider(rows, stretch[k + 1 - 2 * w: k + 1] if left > right else stretch[k + 1: k + 1 + 2 * w],
                                  min(left, right) + COLUMN_CHANGE):
            out.append(k + 1)
    return out


def _mostly_wider(rows: list[Row], indices: list[int], width: float) -> bool:
    """Whether most of these lines (more than a run set wide around a photo takes, six)
    run at least ``width`` wide."""
    return sum(1 for j in indices if rows[j].core >= width) > 6 * len(indices) // 10


def _nearest_column(rows: list[Row], i: int) -> float:
    for step in (1, -1):
        j = i + step
        while 0 <= j < len(rows):
            if rows[j].column and rows[j].kind in ("text", "dateline", "arrow"):
                return rows[j].column
            j += step
    return rows[i].width


# -- headlines ---------------------------------------------------------------------

# Patterns of literal characters are stdlib re: the same meaning, and a call costs half
# of regex's (they run for most lines). Those with \p{Han} need regex.
_INNER_STOP = re.compile(r"[。！？!?](?!$)")


def _short(column: float) -> float:
    """How much narrower than its column a line is short: :data:`SHORT`, or a third of
    a narrow column."""
    return min(SHORT, column / 3)


def _most_heading_lines(rows: list[Row], lines: list[int]) -> int:
    """How many lines a headline set in ``lines`` may run to: more than
    :data:`MAX_HEADING_LINES` only in lines clearly narrower than the text above them,
    the first the widest (a headline wrapped in a narrow column, not a stretch of body
    text in one)."""
    widest = max(rows[i].width for i in lines)
    if widest > _text_width_above(rows, lines[0], core=False) - SHORT or rows[lines[0]].width < widest:
        return MAX_HEADING_LINES  # (or its first line is not its widest: a paragraph's, indented)
    return max(MAX_HEADING_LINES, int(HEADLINE_CHARS // max(widest, 1.0)))


def _heading_candidate(rows: list[Row], unit: list[int]) -> bool:
    """A block that could be a headline: at most three lines (more in a narrow column:
    :func:`_most_heading_lines`), none ending a clause (a
    question or exclamation aside, and a comma where a line breaks inside the block), no
    sentence inside, no dateline or byline, no credit in brackets, no dash leading on."""
    if len(unit) > MAX_HEADING_LINES and len(unit) > _most_heading_lines(rows, unit):
        return False
    if rows[unit[0]].text.startswith(("（", "(")) and any(signals.names_role(rows[i].text) for i in unit):
        return False  # （本报记者甲、乙） closing a report is no headline
    if rows[unit[-1]].text.endswith("——"):
        return False  # …表示—— leads into the text below it
    for i in unit:
        row = rows[i]
        if row.kind != "text" or row.credit_tail or _INNER_STOP.search(row.text) or row.width > 48:
            return False
        if signals.ends_clause(row.text) and not row.text.endswith(("！", "？", "!", "?")) \
                and not (i != unit[-1] and _broken_at_comma(row)):
            return False
    return True


def _broken_at_comma(row: Row) -> bool:
    """A headline line may break after a comma or an enumeration comma (谱写友谊新篇， /
    维护和平稳定; 出席委员长、 / 总理举行的宴会)."""
    return row.text.endswith(("，", ",", "、"))


def _find_headings(rows: list[Row], candidates: list[list[int]]) -> None:
    """Mark the candidate blocks that are headlines. A headline's evidence may be the
    headline above or below it, so a block is looked at again when a neighbour turns
    out to be one (each block at most a few times: linear)."""
    by_unit = {rows[u[0]].unit: u for u in candidates}
    pending = list(by_unit)
    while pending:
        n = pending.pop()
        unit = by_unit.get(n)
        if unit is None or rows[unit[0]].heading or not _is_heading(rows, unit):
            continue
        for i in unit:
            rows[i].heading = True
        pending.extend(m for m in (n - 1, n + 1) if m in by_unit and not rows[by_unit[m][0]].heading)


def _is_heading(rows: list[Row], unit: list[int]) -> bool:
    """Whether a candidate block is a headline: it stands after a paragraph's end (or
    right above an article's opening), and something says it is no body text: an
    article opens or a headline stands right below it, it is set in phrases or is a
    subtitle, or its lines do not fit the column as a new paragraph's lines would."""
    first, last = unit[0], unit[-1]
    prev = rows[first - 1] if first > 0 else None
    nxt = rows[last + 1] if last + 1 < len(rows) else None
    column = max(rows[i].column for i in unit)
    if nxt is not None and nxt.kind == "text" and not nxt.candidate:
        column = max(column, nxt.core)  # the text below runs wide (around a photo): so may this
    head_text = [rows[i].text for i in unit]

    # The previous line breaks off mid-sentence at full width: this block goes on with it.
    if prev is not None and prev.kind in ("text", "dateline", "arrow") and not prev.heading:
        if not prev.ends and (prev.spaced or prev.width >= prev.column - 1.5):
            return False

    # Set like the text above it, as a paragraph of its column (an indented or a full
    # first line, full lines below), and going on below in that column, with a full
    # line or a paragraph's short last line, where no article opens: body text that
    # a column break set apart.
    between_text = prev is not None and prev.kind == "text" and nxt is not None and nxt.kind == "text" \
        and not nxt.candidate
    if between_text and not nxt.spaced and _set_like(rows, unit, prev.column):
        full_below = nxt.core >= nxt.column - 1 and abs(nxt.column - prev.column) < COLUMN_CHANGE
        last_below = nxt.ends and nxt.width < prev.column - SLACK
        if full_below or last_below:
            return False
    # Lines filling the column of the text above as a whole paragraph's lines do (the
    # first indented or full, those between full, the last one shorter): a paragraph.
    if between_text and len(unit) > 2 and _set_like(rows, unit[:-1], prev.column) \
            and rows[unit[-1]].core < prev.column - SLACK:
        return False

    after_end = prev is None or prev.heading or prev.kind in _ALONE \
        or prev.ends or (not prev.spaced and prev.width < prev.column - _short(prev.column))
    # What follows cannot go on with this block: an article's opening, a headline, or
    # a subtitle (——…), which stands under a title.
    starts_next = nxt is None or nxt.kind != "text" or nxt.heading or (
        nxt.candidate and signals.SUBTITLE_START.match(nxt.text) is not None)
    if not after_end and not (nxt is not None and nxt.kind in _OPENINGS):
        return False  # (a block right above a dateline or byline cannot be mid-paragraph)
    # As body text, the block would open a paragraph: its first line indented (two
    # short of the column), the lines below it full, its last line maybe short.
    # (At the top of the page the text may go on from another page: no indent is owed.)
    certain_end = prev is not None and (prev.heading or prev.kind != "text" or (
        not prev.spaced and prev.width < prev.column - 1))
    widest = [column - 2 if certain_end else column] + [column] * (len(unit) - 1)
    wider = any(not rows[i].spaced and rows[i].width > limit + _overshoot(rows[i].text)
                for i, limit in zip(unit, widest))
    if any(_broken_at_comma(rows[i]) for i in unit[:-1]):
        return starts_next  # body text breaks at commas too: only a headline below tells
    if signals.ends_clause(head_text[-1]):  # 是“篮球外交”吗？
        return starts_next or wider
    if signals.SUBTITLE_START.match(head_text[0]) and not (prev is not None and prev.heading):
        return False  # ——someone, under a quotation: a subtitle stands under its title
    styled = any(" " in t or "\u3000" in t or signals.SUBTITLE_START.match(t) for t in head_text)
    shorter = any(not rows[i].spaced and rows[i].width < column - SHORT for i in (unit[:-1] or unit))
    # Nor a new paragraph's indented first line: the block ends no sentence to end one,
    # unless it is a paragraph wrapped in this column that lost its last mark.
    indented_next = nxt is not None and nxt.kind == "text" and not nxt.candidate and not nxt.spaced \
        and not nxt.ends and nxt.core <= nxt.column - 1.5 and not _wrapped(rows, unit, widest)
    return bool(starts_next or styled or wider or shorter or indented_next)


def _set_like(rows: list[Row], unit: list[int], column: float) -> bool:
    """Whether a block's lines have the widths of a paragraph's lines in ``column``:
    the first full or indented, the others full."""
    first, *rest = unit
    return column - 2 - SLACK <= rows[first].core <= column + SLACK \
        and all(column - SLACK <= rows[i].core <= column + SLACK for i in rest)


def _wrapped(rows: list[Row], unit: list[int], widest: list[float]) -> bool:
    """Whether a block's lines above its last have the widths of a paragraph wrapped in
    its column (an indented first line, full lines below)."""
    return len(unit) > 1 and all(abs(rows[i].core - limit) <= 1 for i, limit in zip(unit[:-1], widest))


def _overshoot(text: str) -> float:
    """How far a body line may run past its column: a hanging closing mark, and some
    slack for half-width digits and letters, which print narrower than they count."""
    return 0.5 + 0.25 * _narrow(text) + (1.0 if signals.ends_paragraph_mark(text) or signals.ends_clause(text) else 0.0)


# -- paragraphs --------------------------------------------------------------------

# A page whose blocks blank lines set apart: more than this share of its lines follow one.
BLANK_SHARE = 0.02


def _paragraphs(rows: list[Row], config, trace, *, rejoined: bool = False) -> list[Paragraph]:
    out: list[Paragraph] = []
    # On a page without blank lines, the lines of one headline block may be two headlines.
    blocks_by_blanks = sum(r.blank_before for r in rows[1:]) > BLANK_SHARE * len(rows)
    current: list[Row] = []
    first_line = True

    def close(reason: str) -> None:
        nonlocal current
        if current:
            text = _join([r.text for r in current], config)
            out.append(Paragraph(text, current[0].line.number, current[-1].line.number, "body", reason,
                                 current[0].new_column, columns=(current[0].column, current[-1].column)))
            if len(current) > 1 and trace.on:  # (the record's texts are built only for explain)
                trace.record(ID, current[0].line.number, current[-1].line.number,
                             "\n".join(r.line.text for r in current), text, f"joined {len(current)} lines; {reason}")
        current = []

    i = 0
    while i < len(rows):
        row = rows[i]
        if row.heading:
            close("before a headline")
            j = i
            while j < len(rows) and rows[j].heading and rows[j].unit == row.unit:
                j += 1
            out.extend(_heading_paragraphs(rows[i:j], config, blocks_by_blanks))
            if trace.on:
                trace.record(ID, row.line.number, rows[j - 1].line.number, "\n".join(r.text for r in rows[i:j]),
                             " / ".join(p.text for p in out[-1:]), "headline lines kept apart from the body")
            i, first_line = j, True
            continue
        if row.kind == "furniture":
            close("before a line of the page")
            out.append(Paragraph(row.text, row.line.number, row.line.number, "furniture", "a line of the page"))
            i, first_line = i + 1, True
            continue
        if row.kind in ("byline", "credit", "role"):
            close("before a byline")
            text, last = row.text, row
            nxt = rows[i + 1] if i + 1 < len(rows) and not rows[i + 1].blank_before else None
            # Its names, or its 摄, may have gone down to the next line.
            if nxt is not None and (row.kind == "role" and signals.names_line(nxt.text)
                                    or row.kind == "byline" and signals.PHOTO_ALONE.match(nxt.text)):
                last = nxt
                # 本报记者 / 王明 摄 keeps its separator; 新华社记者 李 / 明摄 is one name.
                sep = "" if signals.role_head(row.text) and not signals.line_kind(row.text) == "role" else " "
                text = f"{row.text}{sep}{last.text}"
                i += 1
            role = "credit" if signals.is_credit(text) or text.endswith(("摄", "攝")) else "byline"
            out.append(Paragraph(text, row.line.number, last.line.number, role, "a line of its own"))
            i, first_line = i + 1, True
            continue
        if current:
            reason = "one paragraph a line (the text is rejoined already)" if rejoined \
                else _break_reason(current[-1], row, first_line, current[-2] if len(current) > 1 else None)
            if reason:
                close(reason)
                first_line = True
                if trace.on:
                    trace.record(ID, row.line.number, row.line.number, "", "", f"new paragraph: {reason}")
            else:
                first_line = False
        current.append(row)
        if row.credit_tail:
            close("a photo credit follows")
            credit, last = row.credit_tail, row
            nxt = rows[i + 1] if i + 1 < len(rows) and not rows[i + 1].blank_before else None
            if nxt is not None and signals.PHOTO_ALONE.match(nxt.text):  # its 摄 went down a line
                credit, last = f"{credit}{_credit_seam(credit)}{nxt.text}", nxt
                i += 1
            out.append(Paragraph(credit, row.line.number, max(last.line.number, row.credit_end), "credit",
                                 "credit after the caption"))
            first_line = True
        i += 1
    close("end of page")
    return out


def _break_reason(prev: Row, row: Row, prev_first: bool, before: Row | None = None) -> str:
    """Why a paragraph ends between ``prev`` and ``row``, or "" when it goes on."""
    if row.kind == "dateline":
        return "a dateline opens an article"
    if row.kind == "arrow":
        return "a caption starts"
    if row.new_column:
        return "the column width changes"
    full = prev.column - (2 if prev_first else 0)
    if not prev.ends:
        if prev.width >= full - SHORT:  # (most lines: a full line going on; _short_between_full's first test)
            return ""
        return "a short line without a mark, between full ones" if _short_between_full(before, prev, row, full) else ""
    if not prev.spaced and prev.width < full - SLACK - (0.5 if _HAS_ASCII.search(prev.text) else 0.0):
        return "short line after a sentence end"
    if not signals.ends_sentence(prev.text):
        return ""
    # A mark at the end of a line may hang past the column: it does not tell the indent.
    hanging = 1.0 if signals.hangs(row.text) else 0.0
    if not row.spaced and row.width - hanging <= row.column - 1.5:
        # Short enough to be the paragraph's last line too: more often it is that,
        # unless a blank line stands between.
        if row.ends and row.width < row.column - 2 - SLACK and not row.blank_before:
            return ""
        return "the next line is indented"
    if row.blank_before and signals.OPENING_QUOTE.match(row.text) and signals.ends_sentence(prev.text):
        return "a quotation opens after a sentence end and a blank line"
    return ""


def _short_between_full(before: Row | None, prev: Row, row: Row, full: float) -> bool:
    """A line well short of its column, with a full line above and a full or indented
    line below, all in one column, ends a paragraph even without a mark (a lead-in or a
    quoted title printed without one). A column estimated wrongly makes lines look
    short, so the lines around must confirm it."""
    if prev.spaced or before is None or prev.width >= full - SHORT:
        return False
    return _in_column(before, prev.column) and _in_column(row, prev.column) \
        and prev.width < full - SHORT - (0.5 if _HAS_ASCII.search(prev.text) else 0.0)


def _in_column(row: Row, column: float) -> bool:
    """Set in ``column`` as a full or an indented line."""
    return row.column == column and -2 - SLACK <= row.width - column <= SLACK


_HAS_ASCII = re.compile(r"[\x21-\x7e]")  # (stdlib re: see _INNER_STOP)
_HYPHEN_END = re.compile(r"(?<=[A-Za-z])[-\u00ad]$")
_LATIN_END = re.compile(r"[A-Za-z0-9.,;:!?%)\]'\"]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\['\"]")
_HAN_END = regex.compile(r"[\p{Han}]$")
_HAN_START = regex.compile(r"^[\p{Han}]")


def _join(parts: list[str], config) -> str:
    """Join the lines of one paragraph: nothing between Chinese characters, one space
    between Latin words, a word hyphenated at a line end or a number broken over lines
    made whole again. (Each seam looks at the two lines' ends only: joining stays linear
    in the paragraph.)"""
    add = config.latin_spacing == "add"
    if not add and not "".join([part[-1:] for part in parts[:-1]]).encode("latin-1", "ignore"):
        return "".join(parts)  # no line ends in a Latin letter, mark or soft hyphen (most paragraphs): no seam to look at
    pieces = [parts[0]]
    for part in parts[1:]:
        tail = pieces[-1][-2:]
        if not (add or tail[-1:].isascii() or tail.endswith("\u00ad")):
            pieces.append(part)  # a line ending in Chinese (most seams): nothing between
            continue
        if tail.endswith("\u00ad") or (_HYPHEN_END.search(tail) and part[:1].islower()):
            pieces[-1] = pieces[-1][:-1]
        elif _LATIN_END.search(tail) and _LATIN_START.match(part) and not _number_broken(pieces[-1], part):
            pieces.append(" ")
        elif add and (
            (_HAN_END.search(tail) and _LATIN_START.match(part)) or (_LATIN_END.search(tail) and _HAN_START.match(part))
        ):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def _split_at_gaps(rows: list[Row], starts: set[int]) -> list[Row]:
    """The headline rows, each split in two where two headlines were printed on one
    line with a space between (…新年联合 / 社论 李源潮凭吊中国 / 人民志愿军烈士): where
    the lines cannot be one wrapped headline, and the part after the line's last space
    is as wide as the line below, which the whole line is clearly wider than, so that
    it wraps into it as another headline. The second part's id goes into ``starts``."""
    out: list[Row] = []
    for k, row in enumerate(rows):
        nxt = rows[k + 1] if k + 1 < len(rows) else None
        # Only where the lines cannot be one wrapped headline: a line before the last
        # narrower than the one above it (this one, or the next).
        # (A line above that ends leading into it, a kicker's …—— or …：, explains it.)
        broken = k and row.width < rows[k - 1].width - 1.5 and not rows[k - 1].text.endswith(_LEADS_IN) \
            or nxt is not None and k + 2 < len(rows) and nxt.width < row.width - 1.5
        at = _gap(row, nxt) if broken and nxt is not None and not row.spaced and not nxt.spaced else 0
        if not at:
            out.append(row)
            continue
        head, tail = row.text[:at].rstrip(), row.text[at:].lstrip()
        second = _row(row.line, tail, signals.display_width(tail), False, row.kind, False, "")
        out += [_row(row.line, head, signals.display_width(head), row.blank_before, row.kind, False, ""), second]
        starts.add(id(second))
    return out


def _gap(row: Row, nxt: Row) -> int:
    """Where in ``row.text`` the part after the raw line's last space begins, if that
    part is as wide as ``nxt`` and the whole row clearly wider; 0 if not."""
    raw = row.line.raw.strip()
    cut = max(raw.rfind(" "), raw.rfind("\u3000"))
    if cut < 2 or row.width < nxt.width + GAP_WIDER:
        return 0
    at = _text_offset(row.text, raw[:cut])
    tail = row.text[at:].strip()
    if at < 2 or len(tail) < 3 or abs(signals.display_width(tail) - nxt.width) > 1.5:
        return 0
    return at


_LEADS_IN = ("—", "：", ":")
GAP_WIDER = 2.0  # how much wider than the line below a line holding two headlines is


def _ends_a_headline(group: list[Row], rest: list[Row]) -> bool:
    """Whether the one-line ``group`` is a headline of its own, not the first line of
    one wrapping into ``rest``: the next line is clearly narrower and yet not the last
    (a wrapped headline's lines before its last are all as wide as its first), and the
    line after it no wider."""
    if len(group) != 1 or len(rest) < 2 or group[0].spaced:
        return False
    first, nxt, after = group[0], rest[0], rest[1]
    return nxt.width < first.width - 1.5 and after.width <= nxt.width + 0.5 and not after.spaced


def _number_broken(line: str, below: str) -> bool:
    """Whether a number broken over two lines of Chinese text (12月2 / 0日) ends ``line``
    and starts ``below``: digits on both sides of the break, and a Chinese character
    next to them on one side (in Latin text a line break between numbers is a space:
    there were 12 / 34 delegates)."""
    if not (line[-1:].isdigit() and below[:1].isdigit()):
        return False
    before = line.rstrip("0123456789")[-1:]
    after = below.lstrip("0123456789")[:1]
    return bool(_HAN_END.search(before) or _HAN_START.match(after))


def _heading_paragraphs(rows: list[Row], config, blocks_by_blanks: bool = True) -> list[Paragraph]:
    """A headline block: one paragraph, or two where a subtitle line (——…) starts. On
    a page that sets no blank line between its blocks, also where a line runs wider
    than the one above it (a wrapped headline's first line is its widest: a wider line
    below is another headline, or the title under a kicker), where a line stands alone
    above narrower ones (:func:`_ends_a_headline`), and inside a line that holds the
    end of one headline and the start of the next (:func:`_split_at_gaps`)."""
    starts: set[int] = set()  # (ids of rows that start a block: the second of a line split in two)
    if not blocks_by_blanks:
        rows = _split_at_gaps(rows, starts)
    groups: list[list[Row]] = [[]]
    for k, row in enumerate(rows):
        if groups[-1] and (id(row) in starts or signals.SUBTITLE_START.match(row.text) or not blocks_by_blanks
                           and not row.spaced
                           and (row.width >= groups[-1][-1].width + 1 or _ends_a_headline(groups[-1], rows[k:]))):
            groups.append([])
        groups[-1].append(row)
    out = []
    for group in groups:
        text = _join([r.text for r in group], config)
        out.append(Paragraph(text, group[0].line.number, group[-1].line.number, "heading", "headline", groups=[text],
                             lines=[(r.line.number, r.text) for r in group]))
    return out

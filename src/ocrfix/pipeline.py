"""Run the registry's steps in order over one page and record what each one changed.

A page goes in as text and comes out as a :class:`Result`: its lines, the paragraphs
the layout rebuilt, and the items (articles, captions, other fragments) it split them
into. With ``trace`` on, every step that changed something leaves a :class:`Change`.
"""
from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import conventions
from .config import DEFAULT, Config
from .page import Item, Line, Paragraph
from .registry import STEPS, Step

REJOIN = "join-lines"
HEADLINES = "layout-headlines"
ARTICLES = "layout-articles"
# The stages that only split the page into items: the paragraphs come out of them as
# they went in, so a run that needs the paragraphs alone (``clean``) leaves them out.
ITEM_STAGES = frozenset({HEADLINES, ARTICLES})


@dataclass(frozen=True, slots=True)
class Change:
    """What one step did: the raw lines it touched, the text before and after, and why."""

    step: str
    first: int
    last: int
    before: str
    after: str
    note: str = ""

    def to_dict(self) -> dict:
        return {"step": self.step, "lines": [self.first, self.last], "before": self.before,
                "after": self.after, "note": self.note}


@dataclass(slots=True)
class Trace:
    """The record of changes; ``record`` is a no-op unless ``on``."""

    on: bool = False
    changes: list[Change] = field(default_factory=list)

    def record(self, step: str, first: int, last: int, before: str, after: str, note: str = "") -> None:
        if self.on:
            self.changes.append(Change(step, first, last, before, after, note))


@dataclass(slots=True)
class State:
    """The page as it moves through the layout stages."""

    lines: list[Line]
    paragraphs: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # Set by the headline stage: "before" or "after" (what auto detected, or what was asked).
    headline_order: str | None = None


@dataclass(slots=True)
class Result:
    lines: list[Line]
    paragraphs: list[Paragraph]
    items: list[Item]
    changes: list[Change]
    headline_order: str


def enabled_steps(config: Config) -> list[Step]:
    return [s for s in STEPS if _is_on(s, config)]


def _is_on(step: Step, config: Config) -> bool:
    if step.id == "convert-opencc":
        return config.convert is not None and step.id not in config.disable
    return config.is_enabled(step.id, step.default)


def _record_line_diff(trace: Trace, step: str, before: str, after: str) -> None:
    for number, (old, new) in enumerate(zip(before.split("\n"), after.split("\n")), start=1):
        if old != new:
            trace.record(step, number, number, old, new)


def run(text: str, config: Config = DEFAULT, *, trace: bool = False, items: bool = True) -> Result:
    """Run every enabled step over ``text`` (one page) in registry order. With ``items``
    off, the page is not split into items (``ITEM_STAGES`` are left out): the result's
    paragraphs are the same, its items empty."""
    with _collector_paused():
        return _run(text, config, trace, items)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while one page runs.

    A long text makes hundreds of thousands of small lists, tuples and rows, almost all
    freed by reference counting as soon as they are done with; the collector's passes
    over them find nothing, and cost a fifth of the time (split of one 300 KB text:
    0.23 s of CPU with it, 0.18 s without; no difference on pages of 20 KB). It runs
    again as before when the page is done, so anything the page did leave in a cycle is
    collected then. A pause already in place (the caller's own ``gc.disable()``) is left
    as it is.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _run(text: str, config: Config, trace: bool, items: bool) -> Result:
    record = Trace(on=trace)
    steps = enabled_steps(config)
    if not items:
        steps = [s for s in steps if s.id not in ITEM_STAGES]
    state: State | None = None
    raw: list[str] | None = None
    for step in steps:
        if raw is None and step.scope != "text":
            raw = _split_lines(text)
        if step.scope == "text":
            new = step.module.apply(text, config=config)
            if new != text and record.on:
                record.record(step.id, 1, text.count("\n") + 1, "", "", "whole text")
            text = new
        elif step.scope == "line":
            new = step.module.apply(text, config=config)
            if new.count("\n") != text.count("\n"):
                raise AssertionError(f"line rule {step.id} changed the number of lines")
            if new != text and record.on:
                _record_line_diff(record, step.id, text, new)
            text = new
        else:
            if state is None:
                state = _start_layout(text, raw, steps)
            _run_layout_step(step, state, config, record)
    if state is None:
        state = _start_layout(text, raw, steps)
    if items and not any(s.id == ARTICLES for s in steps) and state.paragraphs:
        # With the article stage off, the page is one fragment: nothing is dropped.
        first, last = state.paragraphs[0].first, state.paragraphs[-1].last
        state.items = [Item("other", first, last, paragraphs=[p.text for p in state.paragraphs],
                            parts=[("paragraph", p.text, p.first, p.last) for p in state.paragraphs])]
    return Result(state.lines, state.paragraphs, state.items, record.changes, state.headline_order or config.headlines)


def _split_lines(text: str) -> list[str]:
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []


def _start_layout(text: str, raw: list[str] | None, steps: list[Step]) -> State:
    """The page model: each line with its 1-based number, its cleaned text and its text
    before the line rules (the layout reads letter-spacing from it). With the rejoin
    stage off, every line is a paragraph of its own."""
    lines = _split_lines(text)
    raw = raw if raw is not None and len(raw) == len(lines) else lines
    state = State(list(map(Line, itertools.count(1), lines, raw)))  # (numbered from 1)
    if not any(s.id == REJOIN for s in steps):
        state.paragraphs = [Paragraph(line.text.strip(), line.number, line.number)
                            for line in state.lines if line.text.strip()]
    return state


def _run_layout_step(step: Step, state: State, config: Config, record: Trace) -> None:
    if step.scope == "layout":
        step.module.run(state, config=config, trace=record)
        if step.id == ARTICLES:
            _add_byline_reporters(state.items)
    elif step.scope == "paragraph":
        for p in state.paragraphs:
            if p.role == "body":
                new = step.module.apply(p.text, config=config)
                if new != p.text:
                    record.record(step.id, p.first, p.last, p.text, new)
                    p.text = new
    elif step.scope == "output":
        _apply_to_outputs(step, state, config, record)
    else:  # pragma: no cover - the registry only holds the scopes above
        raise ValueError(f"step {step.id} has an unknown scope {step.scope!r}")


def _add_byline_reporters(items: list[Item]) -> None:
    """Each item's ``reporters``: the people its byline or photo credit names, then those
    in the parentheses after its dateline (found by the article stage), each name once."""
    for item in items:
        if not item.byline:
            continue
        people = conventions.byline_reporters(item.byline)
        names = {person["name"] for person in people}
        item.reporters = people + [person for person in item.reporters if person["name"] not in names]


def _apply_to_outputs(step: Step, state: State, config: Config, record: Trace) -> None:
    # A paragraph's text stands in the paragraphs, in its item's paragraphs and in its
    # parts: the (pure) step runs once per distinct text.
    done: dict[str, str] = {}

    def conv(text: str | None, first: int, last: int) -> str | None:
        if not text:
            return text
        new = done.get(text)
        if new is None:
            new = done[text] = step.module.apply(text, config=config)
        if new != text:
            record.record(step.id, first, last, text, new)
        return new

    for p in state.paragraphs:
        p.text = conv(p.text, p.first, p.last)
        p.groups = [conv(g, p.first, p.last) for g in p.groups]
    for item in state.items:
        for name in ("title", "kicker", "subtitle", "byline", "dateline"):
            setattr(item, name, conv(getattr(item, name), item.first, item.last))
        item.paragraphs = [conv(t, item.first, item.last) for t in item.paragraphs]
        item.reporters = [{key: conv(value, item.first, item.last) for key, value in person.items()}
                          for person in item.reporters]
        item.parts = [(f, conv(t, a, b), a, b) for f, t, a, b in item.parts]

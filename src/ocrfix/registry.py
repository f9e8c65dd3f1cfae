"""The one ordered list of pipeline steps: text rules, layout stages, output rules.

Every step is a module with ``ID``, ``SCOPE``, ``DEFAULT`` and a docstring whose first
line is its description and which shows a ``Before:``/``After:`` example. Scopes, in
the order the pipeline meets them:

- ``text``: ``apply(text, *, config) -> str`` on the whole input; may change lines.
- ``line``: ``apply(text, *, config) -> str`` on the whole input, one line at a time:
  must neither add nor remove a newline (the pipeline checks).
- ``layout``: ``run(state, *, config, trace)`` on the page model (lines -> paragraphs -> items).
- ``paragraph``: ``apply(text, *, config) -> str`` on each rejoined body paragraph.
- ``output``: ``apply(text, *, config) -> str`` on every output text.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from .layout import articles, headlines, rejoin
from .rules import (
    byline_names,
    byline_spacing,
    convert_opencc,
    invisible_remove,
    newline_normalize,
    punct_fullwidth,
    space_cjk,
    space_fullwidth_punct,
    space_latin,
    space_letterspaced,
    space_paragraph,
    space_trim,
    width_ascii,
)

SCOPES = ("text", "line", "layout", "paragraph", "output")

_MODULES: tuple[ModuleType, ...] = (
    # Text rules first: what later rules match on (LF, ASCII digits, full-width
    # punctuation) must already be in place. Letter-spaced lines collapse and byline
    # names rejoin before the space rules, which read single spaces as separators.
    newline_normalize,
    invisible_remove,
    width_ascii,
    punct_fullwidth,
    space_trim,
    space_letterspaced,
    byline_names,
    byline_spacing,
    space_fullwidth_punct,
    space_cjk,
    space_latin,
    rejoin,
    space_paragraph,
    headlines,
    articles,
    convert_opencc,
)


@dataclass(frozen=True)
class Step:
    id: str
    description: str
    default: bool
    scope: str
    module: ModuleType

    @classmethod
    def of(cls, module: ModuleType) -> "Step":
        doc = (module.__doc__ or "").strip()
        return cls(module.ID, doc.splitlines()[0] if doc else "", module.DEFAULT, module.SCOPE, module)


STEPS: tuple[Step, ...] = tuple(Step.of(m) for m in _MODULES)
BY_ID: dict[str, Step] = {s.id: s for s in STEPS}


def unknown_ids(ids) -> list[str]:
    """The ids in ``ids`` that name no step, sorted."""
    return sorted(set(ids) - BY_ID.keys())

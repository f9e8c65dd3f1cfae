"""The immutable settings of one run of the pipeline.

Only what the core needs lives here: which steps run, how Chinese meets Latin text,
which OpenCC conversion to apply, and where headlines sit. Loading settings from a
config file and the command line is in :mod:`ocrfix.settings`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

LatinSpacing = Literal["remove", "keep", "add"]
HeadlineOrder = Literal["auto", "before", "after"]

LATIN_SPACING_CHOICES: tuple[str, ...] = ("remove", "keep", "add")
HEADLINE_CHOICES: tuple[str, ...] = ("auto", "before", "after")


@dataclass(frozen=True)
class Config:
    """Settings for :func:`ocrfix.clean`, :func:`ocrfix.split` and :func:`ocrfix.explain`.

    ``enable`` and ``disable`` hold step ids (see ``ocrfix rules``); a step runs when it
    is on by default and not disabled, or when it is enabled.
    """

    enable: frozenset[str] = field(default_factory=frozenset)
    disable: frozenset[str] = field(default_factory=frozenset)
    latin_spacing: LatinSpacing = "remove"
    convert: str | None = None
    headlines: HeadlineOrder = "auto"

    def __post_init__(self) -> None:
        object.__setattr__(self, "enable", frozenset(self.enable))
        object.__setattr__(self, "disable", frozenset(self.disable))
        if self.latin_spacing not in LATIN_SPACING_CHOICES:
            raise ValueError(f"latin_spacing must be one of {', '.join(LATIN_SPACING_CHOICES)}, not {self.latin_spacing!r}")
        if self.headlines not in HEADLINE_CHOICES:
            raise ValueError(f"headlines must be one of {', '.join(HEADLINE_CHOICES)}, not {self.headlines!r}")
        both = self.enable & self.disable
        if both:
            raise ValueError(f"a step cannot be both enabled and disabled: {', '.join(sorted(both))}")

    def is_enabled(self, step_id: str, default: bool) -> bool:
        if step_id in self.disable:
            return False
        return default or step_id in self.enable

    def replace(self, **changes) -> "Config":
        return replace(self, **changes)


DEFAULT = Config()

"""Traditional/Simplified Chinese conversion with OpenCC, and a cheap script guess.

    >>> convert("漢字與後來", "t2s")
    '汉字与后来'
    >>> mostly_traditional("這是一篇繁體中文的報導。"), mostly_traditional("这是一篇简体中文的报道。")
    (True, False)

The conversion names are the OpenCC configurations the installed ``opencc`` package
ships (``t2s``, ``s2t``, ``tw2s``, ``hk2s``, ``s2twp``, ...). One converter is built per
name and kept for the life of the process.
"""
from __future__ import annotations

import functools
import os

import regex

_HAN_RUNS = regex.compile(r"\p{Han}+")

# How many Han characters :func:`mostly_traditional` looks at, and the share of them
# that OpenCC t2s must change for a page to count as Traditional. Simplified text
# changes almost nothing under t2s; Traditional text changes a fifth to a third.
SAMPLE_SIZE = 2000
TRADITIONAL_SHARE = 0.05


@functools.cache
def valid_conversions() -> tuple[str, ...]:
    """The OpenCC configuration names this installation knows, sorted."""
    import opencc

    names = getattr(opencc, "CONFIGS", None)
    if not names:  # older packages: look at the config files next to the module
        share = os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")
        names = os.listdir(share) if os.path.isdir(share) else []
    return tuple(sorted(n[: -len(".json")] for n in names if n.endswith(".json")))


def check_conversion(name: str) -> str:
    """Return ``name`` if OpenCC knows it; otherwise raise ValueError listing the valid names.

    >>> check_conversion("t2s")
    't2s'
    >>> check_conversion("x2y")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown conversion 'x2y'; valid conversions: hk2s, ..., t2s, ...
    """
    valid = valid_conversions()
    if name not in valid:
        raise ValueError(f"unknown conversion {name!r}; valid conversions: {', '.join(valid)}")
    return name


@functools.lru_cache(maxsize=None)
def converter(name: str):
    """The one ``opencc.OpenCC`` converter for ``name`` (checked first)."""
    import opencc

    return opencc.OpenCC(check_conversion(name))


def convert(text: str, name: str) -> str:
    """Convert ``text`` with the OpenCC configuration ``name``."""
    return converter(name).convert(text) if text else text


def mostly_traditional(text: str) -> bool:
    """Whether more than 5% of the first ~2000 Han characters are ones OpenCC t2s changes."""
    han = "".join(_HAN_RUNS.findall(text, 0, 4 * SAMPLE_SIZE))[:SAMPLE_SIZE]
    if not han:
        return False
    simplified = convert(han, "t2s")
    changed = sum(map(str.__ne__, han, simplified))
    return changed > TRADITIONAL_SHARE * len(han)

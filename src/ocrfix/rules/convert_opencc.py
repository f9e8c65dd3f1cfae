"""Convert between Traditional and Simplified Chinese with OpenCC (--convert NAME).

Runs last, on every output text, so layout never depends on the script. Off unless a
conversion is named (``--convert t2s``, or ``convert = "t2s"`` in the config file).

Before: 「漢字」與後來
After:  「汉字」与后来
"""
from __future__ import annotations

from .. import convert as _convert
from ..config import DEFAULT as _DEFAULT_CONFIG, Config

ID = "convert-opencc"
SCOPE = "output"
DEFAULT = False


def apply(text: str, *, config: Config = _DEFAULT_CONFIG) -> str:
    """Convert ``text`` with ``config.convert``; unchanged when no conversion is set.

    >>> apply("後來", config=Config(convert="t2s"))
    '后来'
    >>> apply("後來")
    '後來'
    """
    if not config.convert:
        return text
    return _convert.convert(text, config.convert)

"""ocrfix: turn raw OCR text dumps of Chinese newspaper pages into clean articles.

    >>> import ocrfix
    >>> ocrfix.clean("本报讯 （记者郭树勋） 11 月 30 日上午")
    '本报讯（记者郭树勋）11月30日上午'
"""
from __future__ import annotations

from .api import clean, explain, split
from .config import Config
from .page import Item

__all__ = ["Config", "Item", "clean", "explain", "split", "__version__"]

try:
    from importlib.metadata import version as _version

    __version__ = _version("ocrfix")
except Exception:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

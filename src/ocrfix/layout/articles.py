"""Stub layout stage articles.

Before: x
After:  x
"""
ID = "layout-articles"
SCOPE = "layout"
DEFAULT = True


def run(state, *, config, trace) -> None:
    pass

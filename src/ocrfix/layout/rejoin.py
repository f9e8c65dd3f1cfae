"""Stub layout stage rejoin.

Before: x
After:  x
"""
ID = "layout-rejoin"
SCOPE = "layout"
DEFAULT = True


def run(state, *, config, trace) -> None:
    pass

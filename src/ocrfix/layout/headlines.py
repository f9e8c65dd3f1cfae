"""Stub layout stage headlines.

Before: x
After:  x
"""
ID = "layout-headlines"
SCOPE = "layout"
DEFAULT = True


def run(state, *, config, trace) -> None:
    pass

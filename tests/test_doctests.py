"""The examples in the modules' docstrings are part of their spec: run them."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ocrfix

MODULES = sorted(m.name for m in pkgutil.walk_packages(ocrfix.__path__, "ocrfix.") if m.name != "ocrfix.__main__")


# Modules of an extra: their examples run where the extra is installed.
OPTIONAL = {"ocrfix.dask_engine": "distributed"}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name], reason=f"{name} needs the extra that installs {OPTIONAL[name]}")
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

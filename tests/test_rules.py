"""The text rules against their fixtures (tests/rules/<rule-id>.toml), their docstring
examples, and properties every rule must have (idempotent, line-preserving, lossless)."""
from __future__ import annotations

import dataclasses
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.config import Config
from ocrfix.registry import STEPS

FIXTURES = Path(__file__).parent / "rules"
STRING_SCOPES = ("text", "line", "paragraph", "output")
RULES = [s for s in STEPS if s.scope in ("text", "line", "paragraph")]
LINE_RULES = [s for s in STEPS if s.scope == "line"]
_CONFIG_FIELDS = {f.name for f in dataclasses.fields(Config)} - {"enable", "disable"}


def _load_cases():
    for path in sorted(FIXTURES.glob("*.toml")):
        with path.open("rb") as f:
            for case in tomllib.load(f).get("case", []):
                yield pytest.param(path.stem, case, id=f"{path.stem}:{case['name']}")


def _config(case: dict) -> Config:
    return Config(**{k: v for k, v in case.items() if k in _CONFIG_FIELDS})


def _step(step_id: str):
    return next(s for s in STEPS if s.id == step_id)


@pytest.mark.parametrize(("step_id", "case"), list(_load_cases()))
def test_fixture(step_id, case):
    step = _step(step_id)
    expected = case.get("expected", case["input"])
    assert step.module.apply(case["input"], config=_config(case)) == expected


# --- every step documents itself ----------------------------------------------------

_EXAMPLE = regex.compile(r"^(Before|After):[ ]*(.*)$", regex.MULTILINE)
_ESCAPE = regex.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[rnt\\])")
_SIMPLE = {"r": "\r", "n": "\n", "t": "\t", "\\": "\\"}


def _unescape(text: str) -> str:
    """Docstring examples write \\r, \\n, \\t, \\uXXXX and \\xXX as escapes."""
    return _ESCAPE.sub(lambda m: _SIMPLE.get(m[1]) or chr(int(m[1][1:], 16)), text)


def docstring_example(module) -> tuple[str, str]:
    found = dict(_EXAMPLE.findall(module.__doc__ or ""))
    return _unescape(found["Before"]), _unescape(found["After"])


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.id)
def test_step_documents_before_and_after(step):
    doc = step.module.__doc__ or ""
    assert step.description, f"{step.id} has no description line"
    assert regex.search(r"^Before:", doc, regex.MULTILINE), f"{step.id}: no Before: line"
    assert regex.search(r"^After:", doc, regex.MULTILINE), f"{step.id}: no After: line"


@pytest.mark.parametrize("step", RULES, ids=lambda s: s.id)
def test_docstring_example(step):
    before, after = docstring_example(step.module)
    assert step.module.apply(before) == after


@pytest.mark.parametrize("step", [s for s in STEPS if s.scope in STRING_SCOPES], ids=lambda s: s.id)
def test_fixture_file_with_unchanged_case(step):
    path = FIXTURES / f"{step.id}.toml"
    assert path.exists(), f"{step.id} has no fixture file {path.relative_to(FIXTURES.parent.parent)}"
    with path.open("rb") as f:
        cases = tomllib.load(f).get("case", [])
    assert any(c.get("expected", c["input"]) == c["input"] for c in cases), f"{step.id}: no must-not-change case"


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.id)
def test_id_matches_module(step):
    assert step.module.__name__.rsplit(".", 1)[1] == step.id.replace("-", "_") or step.scope == "layout"


# --- properties ---------------------------------------------------------------------

_PIECES = (
    list("中文字会议本报记者讯通员王明华摄文图召开了")
    + ["本报记者", "记者", "通讯员", "新华社记者", "摄", "深入对接", "优化环境"]
    + list("，。、；：？！（）“”‘’《》…—·")
    + list("aZx09")
    + ["PPT", "Hello", "2020", "9:30", "159.14"]
    + list(",.;:?!()%\"'")
    + list("１Ａｚ")
    + [" ", " ", " ", "  ", "\u3000", "\t", "\n"]
)
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
_MODES = st.sampled_from(("remove", "keep", "add"))
_INVISIBLE = regex.compile(r"[\p{Cc}\u200b-\u200d\u2060\ufeff]")


def _visible(text: str) -> list[str]:
    # NFKC folds ，：（ into , : ( but keeps 。 and curly quotes: the full stop and the
    # quotes the rules make of . " ' count as one.
    return [c for c in unicodedata.normalize("NFKC", text).translate(_SAME_MARK) if not c.isspace()]


_SAME_MARK = str.maketrans("。“”‘’", ".\"\"''")


def _for(step, text: str) -> str:
    return text.replace("\n", " ") if step.scope == "paragraph" else text


@pytest.mark.parametrize("step", RULES, ids=lambda s: s.id)
@settings(max_examples=300, deadline=None)
@given(text=_TEXT, mode=_MODES)
def test_idempotent(step, text, mode):
    config = Config(latin_spacing=mode)
    once = step.module.apply(_for(step, text), config=config)
    assert step.module.apply(once, config=config) == once


@pytest.mark.parametrize("step", LINE_RULES, ids=lambda s: s.id)
@settings(max_examples=300, deadline=None)
@given(text=_TEXT, mode=_MODES)
def test_line_rule_keeps_lines(step, text, mode):
    assert step.module.apply(text, config=Config(latin_spacing=mode)).count("\n") == text.count("\n")


@pytest.mark.parametrize("step", RULES, ids=lambda s: s.id)
@settings(max_examples=300, deadline=None)
@given(text=_TEXT, mode=_MODES, noise=st.lists(st.sampled_from("\x00\x07\x85\u200b\ufeff\u00ad\r"), max_size=3))
def test_no_visible_character_lost(step, text, mode, noise):
    text = _for(step, "".join(noise) + text)
    after = step.module.apply(text, config=Config(latin_spacing=mode))
    if step.id == "invisible-remove":
        removed = Counter(text) - Counter(after)
        assert all(_INVISIBLE.match(c) for c in removed)
        assert not Counter(after) - Counter(text)
    else:
        assert _visible(after) == _visible(text)

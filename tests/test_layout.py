"""The layout stages against their fixtures (tests/layout/<step-id>.toml): rejoined
paragraphs through ``ocrfix.clean``, headline clusters and articles through
``ocrfix.split``."""
from __future__ import annotations

from pathlib import Path

import pytest

import ocrfix
from ocrfix.registry import STEPS

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "layout"
LAYOUT_STEPS = [s for s in STEPS if s.scope == "layout"]


def _cases(step_id: str):
    with (FIXTURES / f"{step_id}.toml").open("rb") as f:
        return [pytest.param(case, id=f"{step_id}:{case['name']}") for case in tomllib.load(f)["case"]]


def _text(s: str) -> str:
    return s.lstrip("\n")


@pytest.mark.parametrize("step", LAYOUT_STEPS, ids=lambda s: s.id)
def test_every_layout_stage_has_fixtures_with_an_unchanged_case(step):
    cases = [c.values[0] for c in _cases(step.id)]
    assert cases, f"{step.id} has no cases"
    assert any("expected" not in c for c in cases), f"{step.id} has no case that must stay as it is"


@pytest.mark.parametrize("case", _cases("join-lines"))
def test_join_lines(case):
    source = _text(case["input"])
    expected = _text(case.get("expected", case["input"]))
    assert ocrfix.clean(source) == expected


def _summary(item: ocrfix.Item) -> dict:
    out = {"kind": item.kind}
    for name in ("kicker", "title", "subtitle", "byline", "dateline"):
        if getattr(item, name):
            out[name] = getattr(item, name)
    out["paragraphs"] = len(item.paragraphs)
    if item.subheads:
        out["subheads"] = item.subheads
    return out


@pytest.mark.parametrize("case", _cases("layout-headlines") + _cases("layout-articles"))
def test_split(case):
    config = ocrfix.Config(headlines=case.get("headlines", "auto"))
    items = ocrfix.split(_text(case["input"]), config)
    if "expected" in case:
        assert [_summary(it) for it in items] == case["expected"]
    else:  # the whole input is one untitled article, its paragraphs as given
        assert [it.kind for it in items] == ["article"]
        assert items[0].title is None
        assert items[0].paragraphs == _text(case["input"]).splitlines()


def test_a_headline_paragraph_keeps_its_text_in_groups_not_in_new_column():
    from ocrfix import pipeline

    result = pipeline.run("朝鲜举行阅兵式\n\n本报讯（记者甲）昨日，该区召开会议，研究部署工作。\n")
    heading = next(p for p in result.paragraphs if p.role == "heading")
    assert heading.groups == ["朝鲜举行阅兵式"]
    assert heading.new_column is False

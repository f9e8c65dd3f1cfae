"""report: the JSON form of explain and the plain rendering."""
from __future__ import annotations

import io
import json

from rich.console import Console

import ocrfix
from ocrfix import report
from ocrfix.api import Explanation
from ocrfix.page import Item
from ocrfix.pipeline import Change

LONG = "本报讯 11 月 30 日上午，市委书记带领机关干部来到南水北调城区段绿化带，参加义务植树活动。" * 2


def sample() -> Explanation:
    changes = [
        Change("width-ascii", 3, 3, "１１月", "11月"),
        Change("join-lines", 5, 7, "第一行\n第二行\n第三行", "第一行第二行第三行", "full-width continuation"),
        Change("join-detail", 8, 9, "句子。\n下一段", "句子。\n下一段", "short line after sentence end"),
        Change("layout-headlines", 1, 2, "植树造林", "植树造林", "headline block -> article L3-9"),
        Change("space-cjk", 4, 4, "中 文", "中文"),
        Change("convert-opencc", 3, 9, LONG, LONG.replace("植树", "植樹")),
        Change("newline-normalize", 1, 9, "", "", "whole text"),
    ]
    items = [Item("article", 1, 9, title="植树造林", paragraphs=["第一行第二行第三行"])]
    return Explanation("植树造林\n\n第一行第二行第三行\n", items, changes, "before")


def test_groups_follow_registry_order_with_unknown_steps_after_their_stage():
    order = [g.step for g in report.groups(sample())]
    # join-detail is no registered step: it stays right after the step recorded before it
    assert order == ["newline-normalize", "width-ascii", "space-cjk", "join-lines", "join-detail",
                     "layout-headlines", "convert-opencc"]


def test_json_form():
    data = json.loads(json.dumps(report.to_json(sample()), ensure_ascii=False))
    assert set(data) == {"headline_order", "text", "steps", "items"}
    assert data["headline_order"] == "before"
    rejoin = next(s for s in data["steps"] if s["step"] == "join-lines")
    assert rejoin["description"] == ocrfix.registry.BY_ID["join-lines"].description
    assert rejoin["changes"] == [{"step": "join-lines", "lines": [5, 7], "before": "第一行\n第二行\n第三行",
                                  "after": "第一行第二行第三行", "note": "full-width continuation"}]
    joined = next(s for s in data["steps"] if s["step"] == "join-detail")
    assert joined["description"] == "" and joined["changes"][0]["lines"] == [8, 9]
    converted = next(s for s in data["steps"] if s["step"] == "convert-opencc")
    assert converted["changes"][0]["before"] == LONG  # JSON keeps full texts
    assert data["items"][0]["source_lines"] == [1, 9]
    assert data["items"][0]["title"] == "植树造林"


def test_plain_rendering():
    text = report.render_plain(sample())
    assert text.startswith("7 changes; headlines sit before their articles\n")
    assert "  L5-7      第一行⏎第二行⏎第三行 → 第一行第二行第三行  (full-width continuation)" in text
    assert "  L3        １１月 → 11月" in text
    assert "  L8-9      句子。⏎下一段  (short line after sentence end)" in text  # kept: shown once
    assert "  L1-2      植树造林  (headline block -> article L3-9)" in text
    assert "  L1-9       (whole text)" in text
    assert "items (1)" in text and "article" in text
    assert "\x1b[" not in text
    # a long change is cut to the part that changed
    convert_line = next(line for line in text.splitlines() if line.startswith("  L3-9"))
    before, after = convert_line[len("  L3-9      "):].split(" → ")
    assert before.startswith("…") and len(before) < len(LONG)


def test_rich_rendering_is_plain_when_not_a_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=200)
    report.render_rich(sample(), console)
    out = buffer.getvalue()
    assert "\x1b[" not in out
    assert "join-lines" in out and "(full-width continuation)" in out
    assert "L5-7" in out


def test_rich_rendering_has_colours_on_a_terminal():
    buffer = io.StringIO()
    report.render_rich(sample(), Console(file=buffer, force_terminal=True, width=200))
    assert "\x1b[" in buffer.getvalue()


def test_real_explanation_renders():
    expl = ocrfix.explain("本报讯 （记者郭树勋） 植树\n", ocrfix.Config(convert="s2t"))
    data = report.to_json(expl)
    for step in data["steps"]:
        for change in step["changes"]:
            first, last = change["lines"]
            assert 1 <= first <= last
    assert report.render_plain(expl).endswith("\n")


def test_lines_label_and_excerpt():
    assert report.lines_label(4, 4) == "L4"
    assert report.lines_label(4, 6) == "L4-6"
    assert report.excerpt("a\nb", "ab") == ("a⏎b", "ab")


# -- through the command line -----------------------------------------------------------------

PAGE = "本报讯 （记者郭树勋） 11 月 30 日上\n午，示范区 （高新区） 党工委书记。\n"


def _explain(tmp_path, *args):
    from click.testing import CliRunner

    from ocrfix.cli import main

    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    return CliRunner().invoke(main, ["explain", str(page), *args])


def test_explain_json_through_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _explain(tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(report.to_json(ocrfix.explain(PAGE)), ensure_ascii=False))
    assert data["text"] == ocrfix.clean(PAGE)
    steps = [s["step"] for s in data["steps"]]
    assert "space-fullwidth-punct" in steps
    spaced = next(s for s in data["steps"] if s["step"] == "space-fullwidth-punct")
    assert [c["lines"] for c in spaced["changes"]] == [[1, 1], [2, 2]]


def test_explain_plain_when_piped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _explain(tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == ocrfix.clean(PAGE)
    assert result.stderr == report.render_plain(ocrfix.explain(PAGE))
    assert "\x1b[" not in result.stderr
    assert "  L2        午，示范区 （高新区） 党工委书记。 → 午，示范区（高新区）党工委书记。" in result.stderr


def test_explain_gives_each_headline_side_its_evidence_and_margin():
    page = ("城区老街换新颜\n本报讯（记者甲）经过半年的改造，城区老街焕然一新。\n"
            "本报讯（记者乙）连日来，全市小麦播种全面展开，确保小麦播种质量。\n小麦播种全面展开\n")
    notes = [c.note for c in ocrfix.explain(page).changes if c.step == "layout-articles" and "side" in c.note]
    assert notes, "no headline-side record"
    assert all("margin" in n and "story above" in n and "below" in n for n in notes)

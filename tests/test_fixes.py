"""Behaviour a review found wrong once: each stays right."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import ocrfix
from ocrfix import render
from ocrfix.cli import main
from ocrfix.page import Item

SAMPLE = Path(__file__).parent.parent / "samples" / "jiaozuo-daily-page.txt"


def test_a_credit_in_traditional_or_with_摄影_goes_after_its_caption():
    for credit in ("本報記者 王明 攝", "本报记者 王明 摄影"):
        item = Item("caption", 1, 2, byline=credit, paragraphs=["工人在操作设备。"])
        assert render.item_txt(item) == f"工人在操作设备。\n\n{credit}\n"


def test_the_asked_headline_order_holds_with_the_headline_stage_off():
    text = SAMPLE.read_text(encoding="utf-8")
    on = ocrfix.split(text, ocrfix.Config(headlines="after"))
    off = ocrfix.split(text, ocrfix.Config(headlines="after", disable=frozenset({"layout-headlines"})))
    assert [(i.kind, i.title, i.source_lines) for i in off] == [(i.kind, i.title, i.source_lines) for i in on]


def test_enable_and_disable_take_comma_lists():
    run = CliRunner().invoke(main, ["clean", "--disable", "space-cjk,space-latin"], input="你好 世界\n")
    assert run.exit_code == 0, run.output
    assert run.stdout == "你好 世界\n"
    run = CliRunner().invoke(main, ["clean", "--disable", "space-cjk,no-such-rule"], input="x\n")
    assert run.exit_code == 2
    assert "no-such-rule" in run.output


def test_a_config_files_format_is_for_files_only(tmp_path, monkeypatch):
    (tmp_path / "ocrfix.toml").write_text('format = "md"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["split", str(SAMPLE), "-q"])
    assert run.exit_code == 0, run.output
    assert [json.loads(line)["kind"] for line in run.stdout.splitlines()][:1] == ["article"]
    run = CliRunner().invoke(main, ["split", str(SAMPLE), "-q", "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "jiaozuo-daily-page" / "02-植树造林滋沃土防风固沙.md").exists()  # (untitled: its first words)


def test_the_cycle_collector_runs_again_after_a_page(monkeypatch):
    import gc

    from ocrfix import pipeline

    assert gc.isenabled()
    ocrfix.split("本报讯 今天天气很好。\n")
    assert gc.isenabled()

    def broken(*args, **kwargs):
        raise RuntimeError("a step failed")

    monkeypatch.setattr(pipeline, "_run", broken)
    with pytest.raises(RuntimeError):
        ocrfix.split("本报讯")
    assert gc.isenabled()  # even when a step fails

    gc.disable()  # the caller's own pause is theirs to end
    try:
        monkeypatch.undo()
        ocrfix.split("本报讯 今天天气很好。\n")
        assert not gc.isenabled()
    finally:
        gc.enable()

"""OpenCC conversion (--convert NAME) and the mostly-Traditional hint."""
from __future__ import annotations

import pytest

import ocrfix
from ocrfix import Config, convert
from ocrfix.rules import convert_opencc

TRADITIONAL = "本報訊（記者郭樹勳）11月30日上午，市委書記帶領機關幹部來到南水北調城區段綠化帶，參加義務植樹活動。"
SIMPLIFIED = "本报讯（记者郭树勋）11月30日上午，市委书记带领机关干部来到南水北调城区段绿化带，参加义务植树活动。"

# The layout stages turn lines into paragraphs; until they do, clean() has no output to convert.
LAYOUT_READY = ocrfix.clean("字\n") != ""
needs_layout = pytest.mark.skipif(not LAYOUT_READY, reason="layout stages not implemented yet")


@needs_layout
def test_t2s_through_clean():
    assert ocrfix.clean(TRADITIONAL + "\n", Config(convert="t2s")) == SIMPLIFIED + "\n"


@needs_layout
def test_s2t_through_clean():
    assert ocrfix.clean(SIMPLIFIED + "\n", Config(convert="s2t")) == ocrfix.clean(TRADITIONAL + "\n")


@needs_layout
def test_off_by_default():
    assert ocrfix.clean(TRADITIONAL + "\n") == TRADITIONAL + "\n"


@needs_layout
def test_corner_brackets_survive_clean_and_conversion():
    text = "他說：「這是『試驗』。」\n"
    assert ocrfix.clean(text, Config(convert="t2s")) == "他说：「这是『试验』。」\n"


@needs_layout
def test_conversion_reaches_split_items():
    items = ocrfix.split(TRADITIONAL + "\n", Config(convert="t2s"))
    texts = [t for item in items for t in (item.title, *item.paragraphs) if t]
    assert texts and all(t == convert.convert(t, "t2s") for t in texts)


def test_rule_converts_with_the_configured_name():
    assert convert_opencc.apply(TRADITIONAL, config=Config(convert="t2s")) == SIMPLIFIED
    assert convert_opencc.apply(SIMPLIFIED, config=Config(convert="s2t")) == TRADITIONAL
    assert convert_opencc.apply("軟體", config=Config(convert="tw2sp")) == "软件"
    assert convert_opencc.apply(TRADITIONAL, config=Config()) == TRADITIONAL


def test_corner_brackets_are_kept():
    assert convert.convert("「漢字」『國語』", "t2s") == "「汉字」『国语』"
    assert convert.convert("“汉字”‘国语’", "s2t") == "“漢字”‘國語’"


def test_one_converter_per_name():
    assert convert.converter("t2s") is convert.converter("t2s")
    assert convert.converter("t2s") is not convert.converter("s2t")


def test_valid_conversions_come_from_the_package():
    names = convert.valid_conversions()
    assert {"t2s", "s2t", "tw2s", "hk2s", "s2twp", "tw2sp"} <= set(names)
    assert list(names) == sorted(names)
    assert not any(name.endswith(".json") for name in names)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError) as caught:
        convert.check_conversion("t2x")
    message = str(caught.value)
    assert "'t2x'" in message
    for name in convert.valid_conversions():
        assert name in message
    with pytest.raises(ValueError, match="valid conversions"):
        convert_opencc.apply("漢字", config=Config(convert="t2x"))


@pytest.mark.parametrize("text, expected", [
    (TRADITIONAL, True),
    (SIMPLIFIED, False),
    ("", False),
    ("ABC 123, no Chinese at all.", False),
    ("他說：「這是試驗。」", True),
    # a Simplified page with one stray Traditional character is still Simplified
    (SIMPLIFIED * 3 + "個", False),
    # only the first ~2000 Han characters are looked at
    (SIMPLIFIED * 60 + TRADITIONAL * 5, False),
])
def test_mostly_traditional(text, expected):
    assert convert.mostly_traditional(text) is expected


def _cli():
    return pytest.importorskip("ocrfix.cli")


def test_hint_on_stderr_through_the_cli(tmp_path):
    cli = _cli()
    from click.testing import CliRunner

    page = tmp_path / "page.txt"
    page.write_text(TRADITIONAL + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli.main, ["clean", str(page), str(page)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("--convert t2s") == 1  # once per run, not per page
    assert "--convert" not in result.stdout

    quiet = runner.invoke(cli.main, ["clean", "-q", str(page)])
    assert "--convert" not in quiet.stderr

    converted = runner.invoke(cli.main, ["clean", "--convert", "t2s", str(page)])
    assert "--convert t2s" not in converted.stderr

    simplified = tmp_path / "simplified.txt"
    simplified.write_text(SIMPLIFIED + "\n", encoding="utf-8")
    assert "--convert" not in runner.invoke(cli.main, ["clean", str(simplified)]).stderr


def test_unknown_conversion_is_a_usage_error_through_the_cli(tmp_path):
    cli = _cli()
    from click.testing import CliRunner

    page = tmp_path / "page.txt"
    page.write_text(SIMPLIFIED + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["clean", "--convert", "t2x", str(page)])
    assert result.exit_code == 2
    assert "t2x" in result.stderr and "valid conversions" in result.stderr and "t2s" in result.stderr


@needs_layout
def test_layout_does_not_depend_on_the_script():
    from pathlib import Path

    raw = (Path(__file__).resolve().parents[1] / "samples" / "jiaozuo-daily-page.txt").read_text(encoding="utf-8")
    traditional = convert.convert(raw, "s2t")
    corner = traditional.translate(str.maketrans("“”‘’", "「」『』"))

    def shape(text):
        return [(i.kind, i.first, i.last, len(i.paragraphs)) for i in ocrfix.split(text)]

    assert shape(traditional) == shape(raw)
    assert shape(corner) == shape(raw)
    converted = ocrfix.split(corner, Config(convert="t2s"))
    assert [(i.first, i.last) for i in converted] == [(i.first, i.last) for i in ocrfix.split(raw)]
    assert not any(convert.mostly_traditional(t) for i in converted for t in i.paragraphs)

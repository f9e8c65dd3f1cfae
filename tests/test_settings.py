"""Settings: defaults < config file < command line; discovery; every bad-config message."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrfix import Config
from ocrfix.settings import DEFAULTS, SettingsError, find_config, resolve

# (key, file text, value from the file, command-line value, value from the command line)
CASES = [
    ("latin_spacing", 'latin_spacing = "keep"', "keep", "add", "add"),
    ("convert", 'convert = "t2s"', "t2s", "s2t", "s2t"),
    ("headlines", 'headlines = "before"', "before", "after", "after"),
    ("format", 'format = "json"', "json", "md", "md"),
    ("jobs", "jobs = 4", 4, 2, 2),
]


def value(settings, key):
    return getattr(settings.config, key) if hasattr(settings.config, key) else getattr(settings, key)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key, text, from_file, cli_value, from_cli", CASES, ids=[c[0] for c in CASES])
def test_precedence_cli_over_file_over_default(tmp_path, key, text, from_file, cli_value, from_cli):
    default = resolve({}, cwd=tmp_path)
    assert value(default, key) == DEFAULTS[key]
    assert default.origins[key] == "default"

    path = write(tmp_path, "ocrfix.toml", text)
    in_file = resolve({}, cwd=tmp_path)
    assert value(in_file, key) == from_file
    assert in_file.origins[key] == str(path)

    given = resolve({key: cli_value}, cwd=tmp_path)
    assert value(given, key) == from_cli
    assert given.origins[key] == "command line"

    not_given = resolve({key: None}, cwd=tmp_path)
    assert value(not_given, key) == from_file


def test_rules_precedence_rule_by_rule(tmp_path):
    assert resolve({}, cwd=tmp_path).config == Config()
    path = write(tmp_path, "ocrfix.toml", 'enable = ["convert-opencc"]\ndisable = ["space-cjk", "byline-names"]\n')
    in_file = resolve({}, cwd=tmp_path).config
    assert in_file.enable == {"convert-opencc"}
    assert in_file.disable == {"space-cjk", "byline-names"}

    settings = resolve({"enable": ("space-cjk",), "disable": ("convert-opencc",)}, cwd=tmp_path)
    assert settings.config.enable == {"space-cjk"}
    assert settings.config.disable == {"convert-opencc", "byline-names"}
    assert settings.rule_origins == {"space-cjk": "command line", "convert-opencc": "command line",
                                     "byline-names": str(path)}
    assert settings.origins["disable"] == f"command line, {path}"
    assert settings.origins["enable"] == "command line"


def test_rules_table_and_comma_lists(tmp_path):
    write(tmp_path, "ocrfix.toml", "[rules]\nspace-cjk = false\npunct-fullwidth = true\n")
    config = resolve({"disable": ("byline-names,width-ascii",)}, cwd=tmp_path).config
    assert config.disable == {"space-cjk", "byline-names", "width-ascii"}
    assert config.enable == {"punct-fullwidth"}


def test_kebab_case_keys(tmp_path):
    write(tmp_path, "ocrfix.toml", 'latin-spacing = "add"\n')
    assert resolve({}, cwd=tmp_path).config.latin_spacing == "add"


def test_convert_none_turns_off_the_file_setting(tmp_path):
    write(tmp_path, "ocrfix.toml", 'convert = "t2s"\n')
    assert resolve({"convert": "none"}, cwd=tmp_path).config.convert is None


def test_discovery_upward_nearest_wins(tmp_path):
    top = write(tmp_path, "ocrfix.toml", 'format = "md"\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == top
    assert resolve({}, cwd=deep).format == "md"
    assert resolve({}, cwd=deep).source == top

    nearer = write(tmp_path / "a", "pyproject.toml", '[tool.ocrfix]\nformat = "json"\n')
    assert find_config(deep) == nearer
    assert resolve({}, cwd=deep).format == "json"


def test_pyproject_without_table_is_passed_over(tmp_path):
    top = write(tmp_path, "ocrfix.toml", 'format = "md"\n')
    write(tmp_path / "proj", "pyproject.toml", '[project]\nname = "ocrfix-user"\n[tool.black]\nline-length = 80\n')
    assert find_config(tmp_path / "proj") == top


def test_ocrfix_toml_beats_pyproject_in_the_same_folder(tmp_path):
    own = write(tmp_path, "ocrfix.toml", 'format = "md"\n')
    write(tmp_path, "pyproject.toml", '[tool.ocrfix]\nformat = "json"\n')
    assert find_config(tmp_path) == own
    assert resolve({}, cwd=tmp_path).format == "md"


def test_pyproject_rules_table(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.ocrfix]\njobs = 3\n[tool.ocrfix.rules]\nspace-cjk = false\n')
    settings = resolve({}, cwd=tmp_path)
    assert settings.jobs == 3
    assert settings.config.disable == {"space-cjk"}


def test_explicit_config_path_beats_discovery(tmp_path):
    write(tmp_path, "ocrfix.toml", 'format = "md"\n')
    other = write(tmp_path / "elsewhere", "settings.toml", 'format = "jsonl"\n')
    settings = resolve({}, config_path=other, cwd=tmp_path)
    assert settings.format == "jsonl"
    assert settings.source == other
    assert settings.origins["format"] == str(other)


def test_no_file_anywhere(tmp_path):
    settings = resolve({}, cwd=tmp_path)
    assert settings.source is None
    assert set(settings.origins.values()) == {"default"}


# -- bad config: the message names the file, the key and what is allowed ------------------

BAD = [
    ("unknown-key", "colour = true\n", ["colour", "allowed keys", "latin_spacing", "jobs"]),
    ("wrong-type-list", 'enable = "space-cjk"\n', ["'enable'", "list of rule ids"]),
    ("wrong-type-jobs", 'jobs = "four"\n', ["'jobs'", "whole number", "'four'"]),
    ("wrong-type-bool", "jobs = true\n", ["'jobs'", "whole number"]),
    ("wrong-type-convert", "convert = 1\n", ["'convert'", "OpenCC conversion"]),
    ("unknown-rule", 'disable = ["space-everything"]\n', ["'disable'", "space-everything", "known rule ids", "space-cjk"]),
    ("unknown-rule-table", "[rules]\nspace-everything = false\n", ["[rules]", "space-everything", "space-cjk"]),
    ("rule-table-not-bool", '[rules]\nspace-cjk = "off"\n', ["space-cjk", "true or false"]),
    ("bad-enum-latin", 'latin_spacing = "squash"\n', ["'latin_spacing'", "remove, keep, add", "'squash'"]),
    ("bad-enum-headlines", 'headlines = "middle"\n', ["'headlines'", "auto, before, after"]),
    ("bad-enum-format", 'format = "pdf"\n', ["'format'", "txt, md, json, jsonl"]),
    ("bad-conversion", 'convert = "t2x"\n', ["'convert'", "t2x", "valid conversions", "t2s", "s2twp"]),
    ("both-on-and-off", 'enable = ["space-cjk"]\n[rules]\nspace-cjk = false\n', ["space-cjk", "both enabled and disabled"]),
    ("toml-syntax", 'format = "md\n', ["TOML syntax error", "line 1"]),
]


@pytest.mark.parametrize("name, text, needles", BAD, ids=[b[0] for b in BAD])
def test_bad_config_message(tmp_path, name, text, needles):
    path = write(tmp_path, "ocrfix.toml", text)
    with pytest.raises(SettingsError) as caught:
        resolve({}, cwd=tmp_path)
    message = str(caught.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message


def test_bad_pyproject_table_names_tool_ocrfix(tmp_path):
    path = write(tmp_path, "pyproject.toml", "[tool.ocrfix]\nfrobnicate = 1\n")
    with pytest.raises(SettingsError, match=r"unknown key 'frobnicate' in \[tool.ocrfix\]") as caught:
        resolve({}, cwd=tmp_path)
    assert str(path) in str(caught.value)


def test_pyproject_syntax_error_is_reported_when_it_configures_ocrfix(tmp_path):
    path = write(tmp_path, "pyproject.toml", "[tool.ocrfix]\nformat = \n")
    with pytest.raises(SettingsError, match="TOML syntax error") as caught:
        resolve({}, cwd=tmp_path)
    assert str(path) in str(caught.value)


def test_missing_config_file(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(SettingsError, match="--config .*nope.toml: config file not found"):
        resolve({}, config_path=missing, cwd=tmp_path)


def test_explicit_pyproject_without_table(tmp_path):
    path = write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(SettingsError, match=r"no \[tool.ocrfix\] table"):
        resolve({}, config_path=path)


@pytest.mark.parametrize("cli, needles", [
    ({"enable": ("nope",)}, ["--enable", "'nope'", "space-cjk"]),
    ({"convert": "zz"}, ["--convert", "'zz'", "t2s"]),
    ({"latin_spacing": "x"}, ["--latin-spacing", "remove, keep, add"]),
    ({"enable": ("space-cjk",), "disable": ("space-cjk",)}, ["space-cjk", "both enabled and disabled"]),
])
def test_bad_command_line_values(tmp_path, cli, needles):
    with pytest.raises(SettingsError) as caught:
        resolve(cli, cwd=tmp_path)
    for needle in needles:
        assert needle in str(caught.value)


def test_settings_error_is_a_value_error():
    assert issubclass(SettingsError, ValueError)


def test_to_dict_and_render(tmp_path):
    path = write(tmp_path, "ocrfix.toml", 'convert = "t2s"\ndisable = ["space-cjk"]\n')
    settings = resolve({"jobs": 2}, cwd=tmp_path)
    data = json.loads(json.dumps(settings.to_dict()))
    assert data["source"] == str(path)
    assert data["settings"]["convert"] == {"value": "t2s", "origin": str(path)}
    assert data["settings"]["jobs"] == {"value": 2, "origin": "command line"}
    assert data["settings"]["headlines"] == {"value": "auto", "origin": "default"}
    assert data["rules"]["space-cjk"] == {"enabled": False, "origin": str(path)}
    assert data["rules"]["convert-opencc"]["enabled"] is True
    text = settings.render()
    assert f"# config file: {path}" in text
    assert "jobs" in text and "# command line" in text


# -- through the command line -----------------------------------------------------------------


def _run(tmp_path, monkeypatch, *args):
    from click.testing import CliRunner

    from ocrfix.cli import main

    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, list(args))


def test_config_command_text(tmp_path, monkeypatch):
    path = write(tmp_path, "ocrfix.toml", 'convert = "t2s"\n[rules]\nspace-cjk = false\n')
    result = _run(tmp_path, monkeypatch, "config", "--latin-spacing", "keep")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"# config file: {path}"
    assert any(line.startswith("convert ") and '"t2s"' in line and line.endswith(f"# {path}") for line in lines)
    assert any(line.startswith("latin_spacing ") and '"keep"' in line and line.endswith("# command line") for line in lines)
    assert any(line.startswith("headlines ") and line.endswith("# default") for line in lines)
    assert any(line.startswith("space-cjk ") and "false" in line and line.endswith(f"# {path}") for line in lines)


def test_config_command_json(tmp_path, monkeypatch):
    path = write(tmp_path / "a", "pyproject.toml", "[tool.ocrfix]\njobs = 2\n")
    (tmp_path / "a" / "b").mkdir()
    result = _run(tmp_path / "a" / "b", monkeypatch, "config", "--format", "json", "--enable", "convert-opencc")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == str(path)
    assert data["settings"]["jobs"] == {"value": 2, "origin": str(path)}
    assert data["settings"]["enable"] == {"value": ["convert-opencc"], "origin": "command line"}
    assert data["settings"]["convert"] == {"value": None, "origin": "default"}


def test_config_command_with_explicit_file_and_convert(tmp_path, monkeypatch):
    other = write(tmp_path / "conf", "mine.toml", 'headlines = "before"\n')
    result = _run(tmp_path, monkeypatch, "config", "--config", str(other), "--convert", "s2twp", "--format", "json")
    data = json.loads(result.stdout)
    assert data["settings"]["headlines"] == {"value": "before", "origin": str(other)}
    assert data["settings"]["convert"] == {"value": "s2twp", "origin": "command line"}


@pytest.mark.parametrize("args, text, needles", [
    (["config"], 'latin_spacing = "squash"\n', ["ocrfix.toml", "latin_spacing", "remove, keep, add"]),
    (["clean", "-"], "jobs = -1\n", ["ocrfix.toml", "jobs", "whole number"]),
    (["config", "--config", "missing.toml"], None, ["missing.toml", "not found"]),
    (["config", "--convert", "zz"], None, ["--convert", "valid conversions", "t2s"]),
])
def test_bad_settings_are_usage_errors(tmp_path, monkeypatch, args, text, needles):
    if text is not None:
        write(tmp_path, "ocrfix.toml", text)
    result = _run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 2
    for needle in needles:
        assert needle in result.stderr


def test_config_file_reaches_clean(tmp_path, monkeypatch):
    write(tmp_path, "ocrfix.toml", 'convert = "t2s"\n')
    page = tmp_path / "page.txt"
    page.write_text("本報訊（記者郭樹勳）後來\n", encoding="utf-8")
    result = _run(tmp_path, monkeypatch, "clean", str(page))
    assert result.exit_code == 0, result.output
    assert result.stdout == "本报讯（记者郭树勋）后来\n"
    assert "--convert" not in result.stderr  # conversion asked for: no hint

"""The command line: results on stdout, messages on stderr, exit 0/1/2, and the real script."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import ocrfix
from ocrfix import batch, render
from ocrfix.cli import main
from ocrfix.page import Item
from ocrfix.registry import STEPS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "jiaozuo-daily-page.txt"
PAGE = "本报讯（记者郭树勋） 11 月 30 日上\n午，示范区 （高新区） 党工委书记。\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no config file from the repository, outputs land here


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


# -- clean ----------------------------------------------------------------------------------


def test_clean_prints_the_cleaned_page(page):
    result = run("clean", page)
    assert result.exit_code == 0
    assert result.stdout == ocrfix.clean(PAGE)
    assert "本报讯" not in result.stderr  # only the summary goes to stderr
    assert "1 page" in result.stderr


@pytest.mark.parametrize("args", [["clean"], ["clean", "-"]], ids=["no-file", "dash"])
def test_clean_reads_stdin(args):
    result = run(*args, input=PAGE.encode("gb18030"))
    assert result.exit_code == 0
    assert result.stdout == ocrfix.clean(PAGE)


def test_clean_to_a_file(page, tmp_path):
    out = tmp_path / "out.txt"
    result = run("clean", page, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == ocrfix.clean(PAGE)


def test_clean_into_a_folder(page, tmp_path):
    result = run("clean", page, "-o", f"{tmp_path / 'new'}/")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "new" / "page.txt").read_text(encoding="utf-8") == ocrfix.clean(PAGE)


def test_clean_does_not_overwrite_without_force(page, tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("keep me")
    result = run("clean", page, "-o", out)
    assert result.exit_code == 1
    assert f"{out}: already exists; use --force" in result.stderr
    assert out.read_text() == "keep me" and result.stdout == ""
    assert run("clean", page, "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == ocrfix.clean(PAGE)


def test_quiet_silences_the_summary(page):
    result = run("clean", "-q", page)
    assert result.exit_code == 0 and result.stderr == ""


def test_options_reach_the_core(page):
    result = run("clean", page, "--disable", "space-cjk", "--latin-spacing", "keep", "--headlines", "after")
    config = ocrfix.Config(disable={"space-cjk"}, latin_spacing="keep", headlines="after")
    assert result.exit_code == 0
    assert result.stdout == ocrfix.clean(PAGE, config)


# -- usage errors: exit 2, nothing written ----------------------------------------------------


@pytest.mark.parametrize(
    "args, needle",
    [
        (["clean", "--enable", "no-such-rule"], "unknown rule id 'no-such-rule'; known rule ids: " + STEPS[0].id),
        (["clean", "--disable", "nope"], "known rule ids:"),
        (["clean", "--encoding", "no-such-codec"], "no-such-codec"),
        (["clean", "--latin-spacing", "sideways"], "sideways"),
        (["split", "--headlines", "middle"], "middle"),
        (["split", "--format", "txt"], "-o DIR"),
        (["split", "--format", "jsonl", "-o", "outdir", "--shard-pages", "0"], "--shard-pages"),
        (["clean", "--jobs", "-1"], "--jobs"),
        (["clean", "--no-such-option"], "No such option"),
    ],
)
def test_usage_errors_exit_2(page, tmp_path, args, needle):
    before = files_under(tmp_path)
    result = run(*args, page)
    assert result.exit_code == 2, result.stderr
    assert needle in result.stderr
    assert result.stdout == ""
    assert files_under(tmp_path) == before


def test_several_inputs_need_an_output_folder(page, tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("x")
    result = run("clean", page, page, "-o", out)
    assert result.exit_code == 2
    assert "with several inputs, -o must be a folder" in result.stderr
    assert out.read_text() == "x"


# -- bad input: exit 1, message names the file, nothing else written ----------------------------


def _bad(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name, data, needle",
    [
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary.txt: not text"),
        ("bad.txt", "本报讯".encode() + b"\xff\xfe" + "好".encode(), "bad.txt: cannot decode"),
    ],
)
@pytest.mark.parametrize("command", ["clean", "split"])
def test_bad_input_exits_1(tmp_path, command, name, data, needle):
    path = _bad(tmp_path, name, data)
    out = tmp_path / "out"
    before = files_under(tmp_path)
    args = [command, path, "-o", out] if command == "split" else [command, path]
    result = run(*args)
    assert result.exit_code == 1
    assert needle in result.stderr
    assert result.stdout == ""
    assert files_under(tmp_path) == before + (["out"] if command == "split" else [])
    assert not any(out.iterdir()) if out.exists() else True


def test_bad_bytes_message_has_the_offset(tmp_path):
    path = _bad(tmp_path, "bad.txt", b"abc\xff\xfe\xffdef")
    result = run("clean", path)
    assert result.exit_code == 1
    assert "offset 3" in result.stderr and "--errors replace" in result.stderr
    replaced = run("clean", path, "--errors", "replace")
    assert replaced.exit_code == 0 and "\ufffd" in replaced.stdout


def test_missing_file_exits_1(tmp_path):
    result = run("clean", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.txt'}: no such file" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n\xe3\x80\x80\n"], ids=["empty", "whitespace"])
def test_empty_page_is_a_warning(tmp_path, data):
    path = _bad(tmp_path, "empty.txt", data)
    result = run("clean", path)
    assert result.exit_code == 0
    assert "warning" in result.stderr and "empty.txt" in result.stderr
    assert result.stdout.strip() == ""
    split = run("split", path)
    assert split.exit_code == 0 and split.stdout == ""
    assert "warning" in split.stderr


def test_forced_encoding(tmp_path):
    path = _bad(tmp_path, "gbk.txt", PAGE.encode("gbk"))
    assert run("clean", path, "--encoding", "gbk").stdout == ocrfix.clean(PAGE)
    assert run("clean", path, "--encoding", "utf-8").exit_code == 1


def test_odd_inputs_do_not_crash(tmp_path):
    cases = {
        "crlf.txt": PAGE.replace("\n", "\r\n").encode(),
        "cr.txt": PAGE.replace("\n", "\r").encode(),
        "tabs.txt": "本报讯\t（记者）\t\t上午\n".encode(),
        "english.txt": b"The quick brown fox\njumps over the lazy dog.\n",
        "mixed.txt": "本报讯 iPhone 12 发布, COVID-19 疫情\n".encode(),
    }
    for name, data in cases.items():
        _bad(tmp_path, name, data)
    # a NUL is refused as binary unless the encoding is named; then the core removes it
    _bad(tmp_path, "nul.txt", "本报讯\0上午\n".encode())
    assert run("clean", tmp_path / "nul.txt").exit_code == 1
    result = run("clean", "--encoding", "utf-8", "--check", tmp_path / "nul.txt")
    assert result.exit_code == 0, result.stderr
    result = run("clean", "--check", *(tmp_path / name for name in cases))
    assert result.exit_code == 0, result.stderr
    result = run("split", "--check", *(tmp_path / name for name in cases))
    assert result.exit_code == 0, result.stderr


def test_a_10_mb_line(tmp_path):
    path = _bad(tmp_path, "long.txt", ("字" * 3_500_000).encode())
    result = run("clean", "--check", path)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout) >= 3_500_000


# -- --check ------------------------------------------------------------------------------------


def test_check_passes_on_the_sample():
    assert run("clean", "--check", SAMPLE).exit_code == 0
    assert run("split", "--check", SAMPLE).exit_code == 0


def test_check_reports_a_lost_character(page, monkeypatch):
    monkeypatch.setattr(batch, "clean", lambda text, config: ocrfix.clean(text, config).replace("党", ""))
    result = run("clean", "--check", page)
    assert result.exit_code == 1
    assert "--check: line 2" in result.stderr and "'党'" in result.stderr


# -- split -----------------------------------------------------------------------------------------


def test_split_jsonl_to_stdout(page):
    result = run("split", page)  # jsonl is the default without -o
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [dict(item.to_dict(), page=str(page)) for item in ocrfix.split(PAGE)]
    from_stdin = run("split", "-", "--format", "jsonl", input=PAGE)
    assert [json.loads(line)["page"] for line in from_stdin.stdout.splitlines()] == ["-"] * len(rows)


@pytest.mark.parametrize("fmt", ["txt", "md", "json"])
def test_split_to_a_folder(tmp_path, fmt):
    out = tmp_path / "out"
    result = run("split", SAMPLE, "-o", out, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    folder = out / SAMPLE.stem
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    items = ocrfix.split(SAMPLE.read_text(encoding="utf-8"))
    assert index["page"] == str(SAMPLE)
    assert [{k: v for k, v in row.items() if k != "file"} for row in index["items"]] == [i.to_dict() for i in items]
    names = [row["file"] for row in index["items"]]
    assert sorted(names + ["index.json"]) == sorted(os.listdir(folder))
    for n, (name, item) in enumerate(zip(names, items), start=1):
        assert name.startswith(f"{n:02d}-") and name.endswith(f".{fmt}")
        assert (folder / name).read_text(encoding="utf-8") == render.FORMATS[fmt](item)


def test_split_file_names_from_hostile_titles(tmp_path, monkeypatch):
    titles = ["../../evil", "/", "a/b", "\x00\x1b[31m\n", ".hidden", "字" * 300, None, None, None]
    kinds = ["article"] * 7 + ["caption", "other"]
    items = [Item(kind, n, n, title=title, paragraphs=["正文"]) for n, (kind, title) in enumerate(zip(kinds, titles), 1)]
    monkeypatch.setattr(batch, "split", lambda text, config: items)
    out = tmp_path / "out"
    result = run("split", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    folder = out / SAMPLE.stem
    names = sorted(os.listdir(folder))
    assert all((folder / name).resolve().parent == folder.resolve() for name in names)
    assert all(len(name.encode()) <= 255 and not name.startswith(".") for name in names)
    assert "07-untitled.txt" in names and "08-caption.txt" in names and "09-other.txt" in names
    assert files_under(tmp_path / "out") == sorted([SAMPLE.stem] + [f"{SAMPLE.stem}/{n}" for n in names])


# -- rules, explain, version, help --------------------------------------------------------------


def test_rules_plain_when_piped():
    result = run("rules")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == [step.id for step in STEPS]
    assert all(row[1] in ("on", "off") and len(row) == 3 for row in rows)


def test_explain(page):
    result = run("explain", page)
    assert result.exit_code == 0
    assert result.stdout == ocrfix.clean(PAGE)
    assert run("explain", page.parent / "missing.txt").exit_code == 1


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and ocrfix.__version__ in result.stdout


@pytest.mark.parametrize("command", [[], ["clean"], ["split"], ["rules"], ["explain"]])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_with_examples(command, flag):
    result = run(*command, flag)
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "ocrfix " in result.stdout


def test_ctrl_c_exits_130_quietly(page, monkeypatch):
    def interrupt(source, job):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "process", interrupt)
    result = CliRunner().invoke(main, ["clean", str(page)])
    assert result.exit_code == 130
    assert "Traceback" not in result.output and "Aborted" not in result.output


# -- the real script ---------------------------------------------------------------------------------


def _script(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "ocrfix", *map(str, args)], capture_output=True, timeout=120, **kwargs)


def test_script_clean_on_the_sample(tmp_path):
    result = _script("clean", SAMPLE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == ocrfix.clean(SAMPLE.read_text(encoding="utf-8"))
    assert b"Traceback" not in result.stderr


def test_script_split_jsonl_on_the_sample(tmp_path):
    result = _script("split", SAMPLE, "--format", "jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert all(row["page"] == str(SAMPLE) and "kind" in row and "paragraphs" in row for row in rows)


def test_console_script_is_installed(tmp_path):
    script = Path(sys.executable).parent / "ocrfix"
    if not script.exists():
        pytest.skip("the ocrfix console script is not installed next to this Python")
    result = subprocess.run([str(script), "clean", "-q", str(SAMPLE)], capture_output=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.decode("utf-8") == ocrfix.clean(SAMPLE.read_text(encoding="utf-8"))

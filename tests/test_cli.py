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
from ocrfix import batch, cli, render
from ocrfix.cli import main
from ocrfix.page import Item
from ocrfix.registry import BY_ID, STEPS

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
    assert result.stderr == ""  # no summary at the end of a pipe
    verbose = run("clean", "-v", page)
    assert verbose.stdout == result.stdout
    assert "本报讯" not in verbose.stderr and "ocrfix: 1 page, 0 failures" in verbose.stderr  # only the summary


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
        (["split", "--force", "--skip-existing", "-o", "outdir"], "--force and --skip-existing"),
        (["clean", "--skip-existing"], "give -o"),
        (["clean", "--in-place", "-o", "outdir/"], "--in-place"),
        (["clean", "--check", "-o", "out.txt"], "write nothing"),
        (["clean", "-q", "-v"], "-q and -v"),
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


def test_several_inputs_into_one_file_in_order(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PAGE, encoding="utf-8")
    b.write_text("第二页 内容\n", encoding="utf-8")
    out = tmp_path / "all.txt"
    result = run("clean", a, b, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.is_file()  # a file, as -o names one: not a folder called all.txt
    both = ocrfix.clean(PAGE) + ocrfix.clean("第二页 内容\n")
    assert out.read_text(encoding="utf-8") == run("clean", a, b).stdout == both
    out.write_text("x")
    refused = run("clean", a, b, "-o", out)
    assert refused.exit_code == 1 and f"{out}: already exists; use --force" in refused.stderr
    assert out.read_text() == "x"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "all.txt", "b.txt"]  # no temporary file left


def test_output_into_a_missing_folder_is_made_and_errors_name_the_output(page, tmp_path):
    out = tmp_path / "nodir" / "out.txt"
    result = run("clean", page, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == ocrfix.clean(PAGE)
    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = run("clean", page, "-o", blocked / "out.txt")
    assert result.exit_code == 1
    assert f"{blocked / 'out.txt'}: cannot write" in result.stderr and ".tmp" not in result.stderr


def test_a_full_stdout_is_named(page):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "ocrfix", "clean", str(page)], stdout=full,
                                stderr=subprocess.PIPE, timeout=120)
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "stdout: cannot write" in stderr and str(page) not in stderr and "Traceback" not in stderr


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
    assert files_under(tmp_path) == before  # no empty output folder either


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
    result = run("clean", "--encoding", "utf-8", "--verify", tmp_path / "nul.txt")
    assert result.exit_code == 0, result.stderr
    result = run("clean", "--verify", *(tmp_path / name for name in cases))
    assert result.exit_code == 0, result.stderr
    result = run("split", "--verify", *(tmp_path / name for name in cases))
    assert result.exit_code == 0, result.stderr


def test_a_10_mb_line(tmp_path):
    path = _bad(tmp_path, "long.txt", ("字" * 3_500_000).encode())
    result = run("clean", "--verify", path)
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout) >= 3_500_000


# -- --verify -----------------------------------------------------------------------------------


def test_verify_passes_on_the_sample():
    assert run("clean", "--verify", SAMPLE).exit_code == 0
    assert run("split", "--verify", SAMPLE).exit_code == 0


def test_verify_reports_a_lost_character(page, monkeypatch):
    monkeypatch.setattr(batch, "clean", lambda text, config: ocrfix.clean(text, config).replace("党", ""))
    result = run("clean", "--verify", page)
    assert result.exit_code == 1
    assert "--verify: line 2" in result.stderr and "'党'" in result.stderr


def test_a_page_that_fails_verify_is_written_nowhere(page, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "clean", lambda text, config: ocrfix.clean(text, config).replace("党", ""))
    before = page.read_bytes()
    result = run("clean", "--verify", "--in-place", page)
    assert result.exit_code == 1 and "--verify" in result.stderr
    assert page.read_bytes() == before  # the input is not rewritten with the loss
    assert run("clean", "--verify", page, "-o", tmp_path / "out.txt").exit_code == 1
    assert not (tmp_path / "out.txt").exists()
    monkeypatch.setattr(batch, "split", lambda text, config: [
        Item("article", 1, 1, paragraphs=[it.replace("党", "") for it in ocrfix.clean(text, config).splitlines()])])
    assert run("split", "--verify", page, "-o", tmp_path / "split").exit_code == 1
    assert not (tmp_path / "split" / "page").exists()


def test_in_place_with_errors_replace_is_refused(page):
    result = run("clean", "--in-place", "--errors", "replace", page)
    assert result.exit_code == 2 and "--errors replace" in result.stderr


def test_in_place_through_a_symbolic_link_keeps_the_link(tmp_path):
    target = tmp_path / "page.txt"
    target.write_text("本报讯 （记者甲） 今天 开会。\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("clean", "--in-place", link).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "本报讯（记者甲）今天开会。\n"


def test_several_pages_into_one_file_write_nothing_when_a_page_fails(page, tmp_path):
    out = tmp_path / "all.txt"
    result = run("clean", page, tmp_path / "missing.txt", page, "-o", out)
    assert result.exit_code == 1 and "not written" in result.stderr
    assert not out.exists()  # a file missing a page would pass for complete under --skip-existing


def test_a_page_beside_a_folder_of_the_same_name_gets_its_own_folder(tmp_path):
    (tmp_path / "coll" / "a").mkdir(parents=True)
    (tmp_path / "coll" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "coll" / "a" / "x.txt").write_text(PAGE, encoding="utf-8")
    assert run("split", tmp_path / "coll", "-o", tmp_path / "out").exit_code == 0
    assert run("split", tmp_path / "coll", "-o", tmp_path / "out", "--force").exit_code == 0
    assert (tmp_path / "out" / "a" / "x" / "index.json").exists()  # --force replaced a-2 alone
    assert (tmp_path / "out" / "a-2" / "index.json").exists()


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
    # untitled items are named by their first words
    assert "07-正文.txt" in names and "08-正文.txt" in names and "09-正文.txt" in names
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


# -- issue 12: reruns, lint modes, messages, output forms ------------------------------------


def test_force_replaces_the_page_folder_whole(tmp_path):
    out = tmp_path / "out"
    assert run("split", SAMPLE, "-o", out, "--format", "md").exit_code == 0
    result = run("split", SAMPLE, "-o", out, "--force", "--headlines", "before")
    assert result.exit_code == 0, result.stderr
    folder = out / SAMPLE.stem
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert sorted(os.listdir(folder)) == sorted([row["file"] for row in index["items"]] + ["index.json"])
    assert os.listdir(out) == [SAMPLE.stem]  # nothing beside it: no old or temporary folder


def test_an_interrupted_swap_keeps_the_old_folder(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("split", SAMPLE, "-o", out).exit_code == 0
    before = files_under(out)
    real_rename = os.rename
    moved = []

    def interrupted(src, dst):
        if not moved and ".tmp" in str(src) and str(dst).endswith(SAMPLE.stem) and not os.path.exists(dst):
            moved.append(src)
            raise KeyboardInterrupt  # between moving the old folder aside and the new one in
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", interrupted)
    result = CliRunner().invoke(main, ["split", str(SAMPLE), "-o", str(out), "--force", "--format", "md"])
    assert result.exit_code == 130
    assert "interrupted after 0 of 1 page" in result.stderr
    assert moved and files_under(out) == before


def test_skip_existing_resumes_a_batch(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(4):
        (pages / f"p{n}.txt").write_text(PAGE.replace("党工委", f"第{n}委"), encoding="utf-8")
    out = tmp_path / "out"
    assert run("split", pages, "-o", out).exit_code == 0
    rerun = run("split", pages, "-o", out)
    assert rerun.exit_code == 1 and rerun.stderr.count("already exists") == 4
    for name in os.listdir(out / "p2"):  # two pages missing, as after an interrupted run
        (out / "p2" / name).unlink()
    (out / "p2").rmdir()
    for name in os.listdir(out / "p3"):
        (out / "p3" / name).unlink()  # (an empty folder counts as missing)
    result = run("split", pages, "-o", out, "--skip-existing", "-v")
    assert result.exit_code == 0, result.stderr
    assert "ocrfix: 2 pages, " in result.stderr and ", 2 skipped, " in result.stderr
    assert all((out / f"p{n}" / "index.json").is_file() for n in range(4))
    clean_out = tmp_path / "clean"
    assert run("clean", pages, "-o", f"{clean_out}/").exit_code == 0
    (clean_out / "p1.txt").unlink()
    result = run("clean", pages, "-o", f"{clean_out}/", "--skip-existing", "-v")
    assert result.exit_code == 0 and "ocrfix: 1 page, 0 failures, 3 skipped" in result.stderr
    assert sorted(os.listdir(clean_out)) == [f"p{n}.txt" for n in range(4)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_where_every_page_fails_leaves_no_folders(tmp_path, jobs):
    bad = tmp_path / "bad"
    bad.mkdir()
    for n in range(3):
        (bad / "sub").mkdir(exist_ok=True)
        (bad / "sub" / f"b{n}.txt").write_bytes(b"\x00\x01binary")
    for command, out in (("split", tmp_path / "out"), ("clean", f"{tmp_path / 'cleaned'}/")):
        result = run(command, bad, "-o", out, "--jobs", jobs)
        assert result.exit_code == 1 and result.stderr.count("not text") == 3
    assert sorted(os.listdir(tmp_path)) == ["bad"]


def test_summary_on_a_terminal_or_with_v_and_failures_always(page, tmp_path, monkeypatch):
    assert run("clean", page).stderr == ""
    assert "1 page" in run("clean", page, "-v").stderr
    failed = run("clean", page, tmp_path / "missing.txt")
    assert "no such file" in failed.stderr and "1 page" not in failed.stderr
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stderr)
    assert "ocrfix: 1 page, 0 failures" in run("clean", page).stderr
    assert run("clean", page, "-q").stderr == ""


def test_progress_only_where_it_cannot_mix_with_the_results(monkeypatch):
    messages = cli._Messages(quiet=False)
    monkeypatch.setattr(cli, "_isatty", lambda stream: True)  # stdout and stderr: one terminal
    with cli._progress(messages, 10, to_stdout=True) as progress:
        assert progress is None
    with cli._progress(messages, 10, to_stdout=False) as progress:  # results go to files
        assert progress is not None
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stderr)  # stdout in a pipe
    with cli._progress(messages, 10, to_stdout=True) as progress:
        assert progress is not None


def test_stdin_from_a_terminal_says_so(monkeypatch):
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stdin)
    result = run("clean", input=PAGE)
    assert result.stderr.startswith("ocrfix: reading from stdin (Ctrl-D to end)\n")
    assert result.stdout == ocrfix.clean(PAGE)
    monkeypatch.setattr(cli, "_isatty", lambda stream: False)
    assert run("clean", input=PAGE).stderr == ""
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stdin)
    assert run("explain", input=PAGE).stderr.startswith("ocrfix: reading from stdin (Ctrl-D to end)\n")
    assert run("split", "-q", input=PAGE).stderr == ""


@pytest.mark.parametrize("verb", ["clean", "split", "explain"])
def test_bytes_get_a_message_that_says_to_decode(verb):
    with pytest.raises(TypeError, match=rf"ocrfix.{verb}\(\) takes text \(str\), not bytes: decode it first"):
        getattr(ocrfix, verb)(PAGE.encode("utf-8"))


# -- clean --check, --diff, --in-place ------------------------------------------------------------


@pytest.fixture
def lint_pages(tmp_path) -> tuple[Path, Path]:
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(PAGE, encoding="utf-8")
    tidy = tmp_path / "tidy.txt"
    tidy.write_text(ocrfix.clean(PAGE), encoding="utf-8")
    return dirty, tidy


def test_check_prints_what_would_change_and_writes_nothing(lint_pages, tmp_path):
    dirty, tidy = lint_pages
    before = {p: p.read_bytes() for p in (dirty, tidy)}
    result = run("clean", "--check", dirty, tidy)
    assert result.exit_code == 1
    assert result.stdout == f"{dirty}\n"
    assert {p: p.read_bytes() for p in (dirty, tidy)} == before
    assert sorted(os.listdir(tmp_path)) == ["dirty.txt", "tidy.txt"]
    assert run("clean", "--check", tidy).exit_code == 0 and run("clean", "--check", tidy).stdout == ""
    assert run("clean", "--check", "-v", dirty, tidy).stderr.startswith("ocrfix: 2 pages, 0 failures, 1 would change")


def test_diff_prints_a_unified_diff(lint_pages):
    dirty, tidy = lint_pages
    result = run("clean", "--diff", dirty, tidy)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"--- {dirty}\t(original)\n+++ {dirty}\t(cleaned)\n@@ ")
    assert "-本报讯（记者郭树勋） 11 月 30 日上\n" in result.stdout and str(tidy) not in result.stdout
    assert "+" + ocrfix.clean(PAGE).splitlines()[0] + "\n" in result.stdout
    assert run("clean", "--diff", "--check", dirty).exit_code == 1
    assert dirty.read_text(encoding="utf-8") == PAGE


def test_in_place_rewrites_changed_files_atomically(lint_pages, tmp_path):
    dirty, tidy = lint_pages
    dirty.chmod(0o640)
    tidy_stat = tidy.stat()
    result = run("clean", "-i", dirty, tidy, "-v")
    assert result.exit_code == 0, result.stderr
    assert "1 rewritten" in result.stderr and result.stdout == ""
    assert dirty.read_text(encoding="utf-8") == ocrfix.clean(PAGE)
    assert dirty.stat().st_mode & 0o777 == 0o640
    assert tidy.stat().st_mtime_ns == tidy_stat.st_mtime_ns  # unchanged: not rewritten
    assert sorted(os.listdir(tmp_path)) == ["dirty.txt", "tidy.txt"]
    assert run("clean", "--check", dirty, tidy).exit_code == 0
    assert run("clean", "--in-place", input=PAGE).exit_code == 2  # no file to rewrite
    assert run("clean", "--in-place", dirty, "-o", tmp_path / "x.txt").exit_code == 2


# -- split output forms, file names, config messages ---------------------------------------------


@pytest.mark.parametrize("fmt", ["txt", "md", "json"])
def test_split_prints_every_item_without_o(fmt):
    result = run("split", SAMPLE, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    items = ocrfix.split(SAMPLE.read_text(encoding="utf-8"))
    if fmt == "json":
        decoder, text, rows = json.JSONDecoder(), result.stdout, []
        while text.strip():
            row, end = decoder.raw_decode(text.lstrip())
            rows.append(row)
            text = text.lstrip()[end:]
        assert rows == [dict(item.to_dict(), page=str(SAMPLE)) for item in items]
    else:
        assert result.stdout == render.SEPARATORS[fmt].join(render.FORMATS[fmt](item) for item in items)


def test_markdown_escapes_what_would_render_as_markup():
    item = Item("article", 1, 3, title="*重要* 通知", paragraphs=["# 不是标题", "<b>粗</b> 和 *斜* 与 a_b", "1. 第一"])
    md = render.item_md(item)
    assert md == "# \\*重要\\* 通知\n\n\\# 不是标题\n\n\\<b\\>粗\\</b\\> 和 \\*斜\\* 与 a\\_b\n\n1\\. 第一\n"


def test_markdown_prints_a_subhead_as_a_heading():
    item = Item("article", 1, 5, title="山区果农喜获丰收", paragraphs=["金秋时节。", "二、冷库建起来", "今年新建了冷库。"],
                subheads=[1])
    assert render.item_md(item) == "# 山区果农喜获丰收\n\n金秋时节。\n\n### 二、冷库建起来\n\n今年新建了冷库。\n"


def test_a_config_format_and_a_command_line_that_disagree_say_where_each_came_from(tmp_path):
    (tmp_path / "ocrfix.toml").write_text('format = "jsonl"\n', encoding="utf-8")
    result = run("split", SAMPLE, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert f'format = "jsonl" (from {tmp_path / "ocrfix.toml"})' in result.stderr
    assert "-o" in result.stderr and "(command line)" in result.stderr


def test_untitled_items_are_named_by_their_first_words(tmp_path):
    out = tmp_path / "out"
    assert run("split", SAMPLE, "-o", out).exit_code == 0
    assert "02-植树造林滋沃土防风固沙.txt" in os.listdir(out / SAMPLE.stem)
    assert batch.item_label(Item("caption", 1, 1)) == "caption"
    assert batch.item_label(Item("article", 1, 1, paragraphs=["，。"])) == "untitled"
    assert batch.item_label(Item("other", 1, 1)) == "other"


def test_reporters_keep_their_roles():
    items = ocrfix.split(SAMPLE.read_text(encoding="utf-8"))
    by_byline = {item.byline: item.reporters for item in items if item.byline}
    assert by_byline["本报记者 郭树勋"] == [{"role": "记者", "name": "郭树勋"}]
    assert by_byline["本报记者 宋崇飞 摄"] == [{"role": "记者", "name": "宋崇飞"}]
    assert [{"role": "记者", "name": "付凯明"}, {"role": "通讯员", "name": "张瑞敏"}] in [i.reporters for i in items]


# -- rules ID, completion --------------------------------------------------------------------------


def test_rules_id_shows_the_description_and_example():
    result = run("rules", "space-fullwidth-punct")
    assert result.exit_code == 0
    assert result.stdout.startswith("space-fullwidth-punct (on by default")
    assert "Before:" in result.stdout and "After:" in result.stdout
    assert BY_ID["space-fullwidth-punct"].description in result.stdout


def test_an_unknown_rule_id_gets_a_guess():
    result = run("rules", "space-cj")
    assert result.exit_code == 2 and "did you mean 'space-cjk'?" in result.stderr
    assert "did you mean 'space-cjk'?" in run("clean", "--disable", "space-cj", input=PAGE).stderr


def _complete(words: str) -> list[str]:
    env = {**os.environ, "_OCRFIX_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    result = subprocess.run([sys.executable, "-c", "from ocrfix.cli import main; main(prog_name='ocrfix')"],
                            env=env, capture_output=True, text=True, timeout=120)
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_shell_completion_of_rule_ids_and_conversions():
    assert _complete("ocrfix clean --disable space-c") == ["space-cjk"]
    assert _complete("ocrfix clean --enable space-cjk,join") == ["space-cjk,join-lines"]
    assert "t2s" in _complete("ocrfix split --convert t") and "none" in _complete("ocrfix split --convert ")
    assert _complete("ocrfix rules layout-") == ["layout-headlines", "layout-articles"]
    script = subprocess.run([sys.executable, "-c", "from ocrfix.cli import main; main(prog_name='ocrfix')"],
                            env={**os.environ, "_OCRFIX_COMPLETE": "bash_source"}, capture_output=True, text=True,
                            timeout=120)
    assert "_ocrfix_completion" in script.stdout

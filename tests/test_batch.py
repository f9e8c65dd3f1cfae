"""Many pages: folders, --glob, --jobs, bad pages in a batch, --fail-fast, never overwriting,
a closed pipe, Ctrl-C, the summary line."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import ocrfix
from ocrfix import batch
from ocrfix.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = (ROOT / "samples" / "jiaozuo-daily-page.txt").read_text(encoding="utf-8")
SUMMARY = re.compile(r"^ocrfix: (\d+) pages?, (?:(\d+) items?, )?(\d+) failures?, \d+\.\d\d s$", re.M)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def page_text(n: int) -> str:
    """A short page that differs per n, cut from the sample."""
    paragraphs = SAMPLE_TEXT.split("\n\n")
    return "\n\n".join(paragraphs[n % len(paragraphs): n % len(paragraphs) + 3]) + "\n"


@pytest.fixture
def pages(tmp_path) -> Path:
    """pages/a.txt, pages/b.txt, pages/sub/c.txt, pages/sub/d.md, pages/.hidden/e.txt"""
    root = tmp_path / "pages"
    for n, rel in enumerate(["b.txt", "a.txt", "sub/c.txt", "sub/d.md", ".hidden/e.txt"]):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(n), encoding="utf-8")
    return root


def test_expand_walks_folders_sorted(pages):
    names = [Path(s.name).relative_to(pages).as_posix() for s in batch.expand([str(pages)])]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]
    assert [Path(s.name).name for s in batch.expand([str(pages)], "*.md")] == ["d.md"]


def test_clean_a_folder_concatenates_in_order(pages):
    result = run("clean", pages, "-v")
    assert result.exit_code == 0, result.stderr
    expected = "".join(ocrfix.clean((pages / rel).read_text(encoding="utf-8")) for rel in ["a.txt", "b.txt", "sub/c.txt"])
    assert result.stdout == expected
    assert SUMMARY.search(result.stderr).group(1, 3) == ("3", "0")


def test_arguments_keep_their_order(pages):
    result = run("clean", pages / "b.txt", pages / "a.txt")
    expected = "".join(ocrfix.clean((pages / rel).read_text(encoding="utf-8")) for rel in ["b.txt", "a.txt"])
    assert result.stdout == expected


def test_glob(pages):
    result = run("clean", pages, "--glob", "*.md")
    assert result.exit_code == 0
    assert result.stdout == ocrfix.clean((pages / "sub" / "d.md").read_text(encoding="utf-8"))


def test_a_folder_without_pages_is_an_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("clean", empty)
    assert result.exit_code == 1
    assert f"{empty}: a folder without pages" in result.stderr
    assert result.stdout == ""


def test_clean_many_into_a_folder(pages, tmp_path):
    out = tmp_path / "out"
    result = run("clean", pages, "-o", f"{out}/")
    assert result.exit_code == 0, result.stderr
    assert list(tree(out)) == ["a.txt", "b.txt", "sub/c.txt"]  # the input's folders mirrored
    page = (pages / "sub" / "c.txt").read_text(encoding="utf-8")
    assert (out / "sub" / "c.txt").read_text(encoding="utf-8") == ocrfix.clean(page)


def test_split_many_one_folder_per_page_mirrored(pages, tmp_path):
    (pages / "sub" / "a.txt").write_text(page_text(7), encoding="utf-8")
    out = tmp_path / "out"
    result = run("split", pages, "-o", out, "-v")
    assert result.exit_code == 0, result.stderr
    folders = ["a", "b", "sub/a", "sub/c"]
    assert sorted({str(Path(name).parent) for name in tree(out)}) == folders
    assert all((out / name / "index.json").is_file() for name in folders)
    assert SUMMARY.search(result.stderr).group(1) == "4"


def test_dated_archive_folders_are_mirrored(tmp_path):
    archive = tmp_path / "archive"
    for day in ("2020-12-01", "2020-12-02"):
        (archive / day).mkdir(parents=True)
        for n in (1, 2):
            (archive / day / f"p{n}.txt").write_text(page_text(n), encoding="utf-8")
    out = tmp_path / "out"
    assert run("split", archive, "-o", out).exit_code == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("*/*")) == [
        "2020-12-01/p1", "2020-12-01/p2", "2020-12-02/p1", "2020-12-02/p2"]
    # file arguments: mirrored below the folder they share
    coll = tmp_path / "coll"
    for sub in ("a", "b"):
        (coll / sub).mkdir(parents=True)
        (coll / sub / "page.txt").write_text(page_text(3), encoding="utf-8")
    out2 = tmp_path / "out2"
    assert run("split", coll / "a" / "page.txt", coll / "b" / "page.txt", "-o", out2).exit_code == 0
    assert sorted(os.listdir(out2)) == ["a", "b"] and (out2 / "b" / "page" / "index.json").is_file()
    assert run("clean", coll / "a" / "page.txt", coll / "b" / "page.txt", "-o", f"{tmp_path / 'out3'}/").exit_code == 0
    assert list(tree(tmp_path / "out3")) == ["a/page.txt", "b/page.txt"]


def test_an_output_folder_is_never_read_as_input(tmp_path):
    pq = tmp_path / "pq"
    pq.mkdir()
    for n in range(3):
        (pq / f"p{n}.txt").write_text(page_text(n), encoding="utf-8")
    first = run("split", pq, "-o", pq / "articles", "-v")
    assert first.exit_code == 0, first.stderr
    again = run("split", pq, "-o", pq / "articles", "--force", "-v")
    assert again.exit_code == 0, again.stderr
    assert SUMMARY.search(again.stderr).group(1, 3) == ("3", "0")
    assert sorted(os.listdir(pq / "articles")) == ["p0", "p1", "p2"]
    # -o the input folder itself: its page folders (with their index.json) are not pages
    assert run("split", pq, "-o", pq).exit_code == 0
    again = run("split", pq, "-o", pq, "--force", "-v")
    assert again.exit_code == 0 and SUMMARY.search(again.stderr).group(1) == "3", again.stderr
    for n in range(3):
        shutil.rmtree(pq / f"p{n}")
    (pq / "articles").rename(tmp_path / "articles")
    assert run("clean", pq, "-o", f"{pq / 'clean'}/").exit_code == 0
    again = run("clean", pq, "-o", f"{pq / 'clean'}/", "--force", "-v")
    assert SUMMARY.search(again.stderr).group(1, 3) == ("3", "0")
    assert sorted(os.listdir(pq / "clean")) == ["p0.txt", "p1.txt", "p2.txt"]


@pytest.fixture
def many(tmp_path) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for n in range(12):
        (root / f"p{n:02d}.txt").write_text(page_text(n), encoding="utf-8")
    return root


def test_jobs_do_not_change_the_output(many, tmp_path):
    one, two = run("clean", many, "--jobs", "1"), run("clean", many, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout
    jsonl = [run("split", many, "--jobs", jobs).stdout for jobs in ("1", "2")]
    assert jsonl[0] == jsonl[1] and jsonl[0]
    for jobs in ("1", "2"):
        assert run("split", many, "-o", tmp_path / f"out{jobs}", "--jobs", jobs).exit_code == 0
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")


def test_run_in_processes_gives_input_order(many):
    sources = batch.expand([str(many)])
    job = batch.Job("clean", ocrfix.Config())
    with batch.Run(sources, job, jobs=3) as results:
        names = [r.source.name for r in results]
    assert names == [s.name for s in sources]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_page_does_not_stop_the_batch(many, tmp_path, jobs):
    (many / "p03.txt").write_bytes(b"\x00\x01binary\x00")
    (many / "p07.txt").write_bytes(b"abc\xff\xfe\xff")
    out = tmp_path / "out"
    result = run("clean", many, "-o", f"{out}/", "--jobs", jobs, "-v")
    assert result.exit_code == 1
    assert "p03.txt: not text" in result.stderr
    assert "p07.txt: cannot decode" in result.stderr and "offset 3" in result.stderr
    assert sorted(os.listdir(out)) == [f"p{n:02d}.txt" for n in range(12) if n not in (3, 7)]
    assert SUMMARY.search(result.stderr).group(1, 3) == ("10", "2")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fail_fast_stops_at_the_first_failure(many, tmp_path, jobs):
    (many / "p03.txt").write_bytes(b"\x00\x01binary\x00")
    (many / "p07.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "out"
    result = run("clean", many, "-o", f"{out}/", "--fail-fast", "--jobs", jobs)
    assert result.exit_code == 1
    assert "p03.txt: not text" in result.stderr and "p07.txt" not in result.stderr
    assert sorted(os.listdir(out)) == ["p00.txt", "p01.txt", "p02.txt"]
    assert "--fail-fast" in result.stderr


def test_never_overwrite_without_force(many, tmp_path):
    out = tmp_path / "out"
    assert run("split", many, "-o", out).exit_code == 0
    before = tree(out)
    index = out / "p00" / "index.json"
    index.write_text("mine")
    result = run("split", many, "-o", out)
    assert result.exit_code == 1
    assert "already exists; use --force to overwrite it" in result.stderr
    assert index.read_text() == "mine"
    assert set(tree(out)) == set(before)  # no new files, no temporary ones
    assert run("split", many, "-o", out, "--force").exit_code == 0
    assert tree(out) == before


def test_output_onto_an_input_is_refused(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(page_text(1), encoding="utf-8")
    original = page.read_bytes()
    result = run("clean", page, "-o", page, "--force")
    assert result.exit_code == 1
    assert f"{page}: is an input; refusing" in result.stderr
    assert page.read_bytes() == original
    link = tmp_path / "link.txt"
    os.link(page, link)
    assert run("clean", page, "-o", link, "--force").exit_code == 1
    assert page.read_bytes() == original
    # a folder cleaned into itself: every output would replace its input
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.txt").write_text(page_text(2), encoding="utf-8")
    (folder / "y.txt").write_text(page_text(3), encoding="utf-8")
    before = tree(folder)
    result = run("clean", folder, "-o", folder, "--force")
    assert result.exit_code == 1 and "is an input" in result.stderr
    assert tree(folder) == before


def test_empty_pages_in_a_batch_are_warnings(many):
    (many / "p05.txt").write_text(" \n\u3000\n", encoding="utf-8")
    result = run("split", many)
    assert result.exit_code == 0
    assert "p05.txt: empty page" in result.stderr
    quiet = run("split", many, "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_missing_and_good_pages(many, tmp_path):
    result = run("clean", many / "p00.txt", tmp_path / "nope.txt", many / "p01.txt")
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.txt'}: no such file" in result.stderr
    expected = "".join(ocrfix.clean((many / n).read_text(encoding="utf-8")) for n in ["p00.txt", "p01.txt"])
    assert result.stdout == expected


# -- real processes: a closed pipe, Ctrl-C ------------------------------------------------------


def _ocrfix() -> str:
    return f"{sys.executable} -m ocrfix"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_closed_pipe_ends_quietly(tmp_path, jobs):
    big = tmp_path / "big"
    big.mkdir()
    for n in range(40):
        (big / f"p{n:02d}.txt").write_text(SAMPLE_TEXT * 5, encoding="utf-8")
    result = subprocess.run(
        ["bash", "-c", f"{_ocrfix()} clean {big} --jobs {jobs} | head -1; echo \"status=${{PIPESTATUS[0]}}\" >&2"],
        capture_output=True, timeout=300, cwd=tmp_path,
    )
    stderr = result.stderr.decode()
    assert stderr.strip() == "status=141", stderr
    assert len(result.stdout.decode().splitlines()) == 1


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory) -> Path:
    """300 simulated pages (30 distinct ones, each about three pages long): a batch that
    runs for several seconds, long enough to be stopped in the middle."""
    import simulate

    corpus = simulate.load_corpus()
    texts = ["".join(simulate.random_page(random.Random(f"signals:{n}:{k}"), corpus).text for k in range(3))
             for n in range(30)]
    root = tmp_path_factory.mktemp("signals") / "big"
    root.mkdir()
    for n in range(300):
        (root / f"p{n:03d}.txt").write_text(texts[n % len(texts)], encoding="utf-8")
    return root


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, read from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


STOPS = [
    # command, signal, sent to the whole process group (the terminal's Ctrl-C) or to the main process (kill PID)
    ("split", signal.SIGTERM, False, 143),
    ("split", signal.SIGINT, True, 130),
    ("clean", signal.SIGINT, False, 130),
    ("clean", signal.SIGTERM, True, 143),
]


@pytest.mark.parametrize("command, signum, group, status", STOPS,
                         ids=[f"{c}-{signal.Signals(s).name}-{'group' if g else 'main'}" for c, s, g, _ in STOPS])
def test_a_stop_signal_ends_the_workers_and_leaves_no_temporary_files(big_batch, tmp_path, command, signum, group,
                                                                      status):
    out = tmp_path / "out"
    stderr_path = tmp_path / "stderr"
    with open(stderr_path, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "ocrfix", command, str(big_batch), "-o", f"{out}/",
                                    "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=stderr, cwd=tmp_path,
                                   start_new_session=True)
    try:
        # Signal only once the run is under way: its first output is written and both workers are up.
        first = "*/index.json" if command == "split" else "*.txt"
        _wait_for(lambda: next(out.glob(first), None) is not None or process.poll() is not None, 300,
                  "the first output")
        _wait_for(lambda: len(_children(process.pid)) >= 2 or process.poll() is not None, 60, "two workers")
        workers = _children(process.pid)
        if process.poll() is not None:
            pytest.fail(f"the batch ended before the signal: {stderr_path.read_text()}")
        if group:
            os.killpg(process.pid, signum)
        else:
            os.kill(process.pid, signum)
        process.wait(timeout=120)  # workers holding stderr open would not stop the wait, but ...
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    message = stderr_path.read_text(encoding="utf-8")
    assert process.returncode == status, message
    assert "Traceback" not in message
    done = re.search(r"^ocrfix: error: interrupted after (\d+) of 300 pages$", message, re.M)
    assert done is not None, message
    assert int(done.group(1)) < 300  # (a worker may have written pages the main process had not yet counted)
    _wait_for(lambda: not any(_alive(pid) for pid in workers), 10, "the workers to end")  # ... this would
    assert not list(out.rglob("*.tmp")) and not list(out.rglob(".*")), "temporary files left behind"
    if command == "split":  # each page's folder is whole: exactly what its index lists
        for index in out.glob("*/index.json"):
            listed = {row["file"] for row in json.loads(index.read_text(encoding="utf-8"))["items"]}
            assert set(os.listdir(index.parent)) == listed | {"index.json"}
    if (command, signum) != ("split", signal.SIGTERM):
        return
    written = len(list(out.iterdir()))
    # and the batch resumes where it stopped
    resumed = subprocess.run([sys.executable, "-m", "ocrfix", command, str(big_batch), "-o", f"{out}/", "--jobs", "2",
                              "--skip-existing", "-v"], capture_output=True, timeout=600, cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr.decode()
    summary = SUMMARY_SKIPPED.search(resumed.stderr.decode())
    assert summary is not None, resumed.stderr.decode()
    assert (int(summary.group(1)), int(summary.group(2))) == (300 - written, written)
    assert len(list(out.iterdir())) == 300


SUMMARY_SKIPPED = re.compile(r"^ocrfix: (\d+) pages?, (?:\d+ items?, )?0 failures, (\d+) skipped, \d+\.\d\d s$", re.M)


def test_folder_names_of_many_pages_of_one_stem_are_unique():
    sources = [batch.Source(f"d{n}/page.txt", f"d{n}/page.txt") for n in range(3)]
    sources.insert(1, batch.Source("page-2.txt", "page-2.txt"))
    sources.append(batch.Source("PAGE.txt", "PAGE.txt"))
    assert batch.folder_names(sources) == ["page", "page-2", "page-3", "page-4", "PAGE-5"]


def test_writing_a_page_costs_no_pass_over_the_batch(tmp_path):
    # Each page once looked its Outputs up by the tuple of every input path: n pages
    # hashed n paths each. The list of inputs must not be walked per page.
    class Counted(tuple):
        walks = 0

        def __hash__(self):
            Counted.walks += 1
            return super().__hash__()

        def __iter__(self):
            Counted.walks += 1
            return super().__iter__()

    pages = []
    for n in range(5):
        page = tmp_path / f"p{n}.txt"
        page.write_text(SAMPLE_TEXT, encoding="utf-8")
        pages.append(str(page))
    job = batch.Job("split", ocrfix.Config(), file_format="txt", inputs=Counted(pages))
    for n, path in enumerate(pages):
        result = batch.process(batch.Source(path, path, target=str(tmp_path / "out" / f"p{n}")), job)
        assert result.ok, result.error
    assert Counted.walks <= 1  # once, to know the inputs: not once a page
    assert len(list((tmp_path / "out").iterdir())) == 5


def test_a_stop_during_a_write_waits_for_its_end(tmp_path):
    # A stop signal raised inside an output's write would leave its temporary file; it
    # takes effect when the output is in place.
    done = []
    with pytest.raises(batch.Interrupted) as stop:
        with batch.uninterrupted():
            batch._stop(signal.SIGTERM)  # what the signal handler does
            done.append("written")
    assert done == ["written"] and stop.value.signum == signal.SIGTERM
    with pytest.raises(batch.Interrupted):
        batch._stop(signal.SIGINT)  # outside a write: at once
    with batch.uninterrupted():
        pass  # nothing pending any more


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_shards(many, tmp_path, jobs):
    (many / "p04.txt").write_bytes(b"\x00\x01binary\x00")
    out = tmp_path / "shards"
    result = run("split", many, "--format", "jsonl", "-o", out, "--shard-pages", "5", "--jobs", jobs)
    assert result.exit_code == 1 and "p04.txt: not text" in result.stderr
    assert sorted(os.listdir(out)) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    stdout = run("split", many, "--jobs", "1").stdout
    assert "".join((out / name).read_text(encoding="utf-8") for name in sorted(os.listdir(out))) == stdout
    pages = [{json.loads(line)["page"] for line in (out / name).read_text(encoding="utf-8").splitlines()}
             for name in sorted(os.listdir(out))]
    assert pages[1] == {str(many / f"p{n:02d}.txt") for n in range(5, 10)}
    again = run("split", many, "--format", "jsonl", "-o", out, "--shard-pages", "5")
    assert again.exit_code == 1 and f"{out / 'part-00000.jsonl'}: already exists; use --force" in again.stderr

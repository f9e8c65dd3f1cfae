"""--dask: the batch on a real Dask cluster (a LocalCluster of 2 worker processes).

Everything is compared with what the local batch writes at --jobs 1: the same files,
byte for byte, the same failures. Pages and outputs at fsspec URLs: memory:// (read and
written by the main process), and s3:// against moto's standalone server, skipped when
moto is absent. Without the dask extra these tests are skipped; test_cli.py checks that
--dask then exits 2 with the line to install it.
"""
from __future__ import annotations

import json
import logging
import os
import random
import re
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'ocrfix[dask]'")
fsspec = pytest.importorskip("fsspec", reason="the dask extra is not installed: pip install 'ocrfix[dask]'")

import simulate  # noqa: E402  (tests/simulate.py)

import ocrfix  # noqa: E402
from ocrfix import dask_engine  # noqa: E402
from ocrfix.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "jiaozuo-daily-page.txt").read_text(encoding="utf-8")
SUMMARY = re.compile(r"^ocrfix: (\d+) pages?, (?:(\d+) items?, )?(\d+) failures?, \d+\.\d\d s$", re.M)


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def errors(stderr: str) -> list[str]:
    return sorted(line for line in stderr.splitlines() if line.startswith("ocrfix: error:"))


@pytest.fixture(scope="module")
def cluster():
    """The scheduler address of a LocalCluster of 2 processes, one thread each, for the module."""
    with dask_engine.local_cluster(2) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def simulated(tmp_path_factory) -> Path:
    """200 simulated pages in 4 folders (p000.txt ... p199.txt)."""
    root = tmp_path_factory.mktemp("simulated")
    corpus = simulate.load_corpus()
    rng = random.Random(14)
    for n in range(200):
        path = root / f"d{n % 4}" / f"p{n:03d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(simulate.random_page(rng, corpus, articles=(2, 5)).text, encoding="utf-8")
    return root


@pytest.fixture
def many(tmp_path) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    paragraphs = SAMPLE.split("\n\n")
    for n in range(12):
        (root / f"p{n:02d}.txt").write_text("\n\n".join(paragraphs[n:n + 3]) + "\n", encoding="utf-8")
    return root


def test_dask_local_writes_what_jobs_1_writes(simulated, tmp_path):
    one = run("split", simulated, "-o", tmp_path / "one", "--jobs", "1", "-v")
    assert one.exit_code == 0, one.stderr
    dask = run("split", simulated, "-o", tmp_path / "dask", "--dask", "local", "--jobs", "2", "-v")
    assert dask.exit_code == 0, dask.stderr
    written = tree(tmp_path / "one")
    assert len([name for name in written if name.endswith("index.json")]) == 200
    assert "d3/p199/index.json" in written  # input folders mirrored
    assert tree(tmp_path / "dask") == written
    assert SUMMARY.search(dask.stderr).group(1, 2, 3) == SUMMARY.search(one.stderr).group(1, 2, 3)


@pytest.mark.parametrize("args", [["clean"], ["split"], ["split", "--format", "md", "-o", "{out}"],
                                  ["split", "--format", "jsonl", "-o", "{out}", "--shard-pages", "5"]])
def test_same_output_as_jobs_1(cluster, many, tmp_path, args):
    def command(name, *more):
        return [a.format(out=tmp_path / name) for a in args] + [many, *more]

    one = run(*command("one"), "--jobs", "1")
    dask = run(*command("dask"), "--dask", cluster)
    assert one.exit_code == dask.exit_code == 0, dask.stderr
    assert dask.stdout == one.stdout
    if "-o" in args:
        assert tree(tmp_path / "dask") == tree(tmp_path / "one") != {}


def test_a_bad_page_among_good_ones(cluster, many, tmp_path, monkeypatch):
    (many / "p03.txt").write_bytes(b"\x00\x01binary\x00")
    (many / "p07.txt").write_bytes(b"abc\xff\xfe\xff")
    monkeypatch.chdir(tmp_path)  # relative paths: the workers' own folder is elsewhere
    one = run("split", "many", "-o", "one", "--jobs", "1", "-v")
    dask = run("split", "many", "-o", "dask", "--dask", cluster, "-v")
    assert one.exit_code == dask.exit_code == 1
    assert errors(dask.stderr) == errors(one.stderr)
    assert any(line.startswith("ocrfix: error: many/p03.txt: not text") for line in errors(dask.stderr))
    assert "many/p07.txt: cannot decode" in dask.stderr
    assert sorted(os.listdir("dask")) == [f"p{n:02d}" for n in range(12) if n not in (3, 7)]
    assert tree(tmp_path / "dask") == tree(tmp_path / "one")
    assert SUMMARY.search(dask.stderr).group(1, 3) == ("10", "2")


def test_fail_fast(cluster, many, tmp_path):
    (many / "p02.txt").write_bytes(b"\x00\x01binary\x00")
    result = run("clean", many, "-o", f"{tmp_path / 'out'}/", "--fail-fast", "--dask", cluster)
    assert result.exit_code == 1
    assert "p02.txt: not text" in result.stderr and "--fail-fast" in result.stderr
    assert {"p00.txt", "p01.txt"} <= set(os.listdir(tmp_path / "out"))


def test_no_clobber_without_force(cluster, many, tmp_path):
    out = tmp_path / "out"
    assert run("split", many, "-o", out, "--dask", cluster).exit_code == 0
    before = tree(out)
    (out / "p00" / "index.json").write_text("mine")
    again = run("split", many, "-o", out, "--dask", cluster)
    assert again.exit_code == 1
    assert f"{out}/p00: already exists; use --force to overwrite it" in again.stderr
    assert errors(again.stderr) == errors(run("split", many, "-o", out, "--jobs", "1").stderr)
    assert (out / "p00" / "index.json").read_text() == "mine"
    assert set(tree(out)) == set(before)  # nothing new, no temporary files
    assert run("split", many, "-o", out, "--force", "--dask", cluster).exit_code == 0
    assert tree(out) == before


def test_skip_existing_resumes(cluster, many, tmp_path):
    out = tmp_path / "out"
    assert run("split", many, "-o", out, "--dask", cluster).exit_code == 0
    before = tree(out)
    shutil.rmtree(out / "p05")
    (out / "p07" / "index.json").unlink()  # an unfinished page: written again
    again = run("split", many, "-o", out, "--skip-existing", "--dask", cluster, "-v")
    assert again.exit_code == 1  # p07's folder exists (without its index): not overwritten without --force
    assert errors(again.stderr) == [f"ocrfix: error: {out}/p07: already exists; use --force to overwrite it"]
    assert "10 skipped" in again.stderr
    assert tree(out / "p05") == {k[4:]: v for k, v in before.items() if k.startswith("p05/")}


def test_memory_in_and_out(cluster, many, tmp_path):
    memory = fsspec.filesystem("memory")
    for path in sorted(many.iterdir()):
        memory.pipe_file(f"/pages-{tmp_path.name}/{path.name}", path.read_bytes())
    pages = f"memory://pages-{tmp_path.name}"
    one, dask = f"memory://one-{tmp_path.name}", f"memory://dask-{tmp_path.name}"
    assert run("split", pages, "-o", one, "--jobs", "1").exit_code == 0
    result = run("split", pages, "-o", dask, "--dask", cluster)
    assert result.exit_code == 0, result.stderr

    def files(url):
        root = url[len("memory://"):]
        return {p[len(root) + 2:]: memory.cat_file(p) for p in memory.find(root)}

    assert files(dask) == files(one)
    assert len(files(dask)) > 24 and "p00/index.json" in files(dask)
    index = json.loads(files(dask)["p05/index.json"])
    assert index["page"] == f"memory:///pages-{tmp_path.name}/p05.txt"
    again = run("split", pages, "-o", dask, "--dask", cluster)
    assert again.exit_code == 1 and "already exists" in again.stderr
    # clean into memory, and JSON Lines shards
    assert run("clean", pages, "-o", f"memory://clean-{tmp_path.name}/", "--dask", cluster).exit_code == 0
    cleaned = files(f"memory://clean-{tmp_path.name}")
    assert cleaned["p04.txt"].decode() == ocrfix.clean((many / "p04.txt").read_text(encoding="utf-8"))
    shards = f"memory://shards-{tmp_path.name}"
    assert run("split", pages, "--format", "jsonl", "-o", shards, "--shard-pages", "5", "--dask", cluster).exit_code == 0
    assert sorted(files(shards)) == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    stdout = run("split", pages, "--jobs", "1").stdout
    assert b"".join(files(shards)[name] for name in sorted(files(shards))).decode() == stdout


def test_split_bag(cluster, many):
    from distributed import Client

    paths = [str(p) for p in sorted(many.iterdir())]
    with Client(cluster):
        items = dask_engine.split_bag(paths, npartitions=3).compute()
    expected = [{**item.to_dict(), "page": path} for path in paths
                for item in ocrfix.split(Path(path).read_text(encoding="utf-8"))]
    assert items == expected


def test_split_bag_of_a_bad_page(many):
    import dask.bag

    (many / "p01.txt").write_bytes(b"\x00\x01binary\x00")
    bag = dask.bag.from_sequence([str(many / "p00.txt"), str(many / "p01.txt")], npartitions=1)
    with pytest.raises(ocrfix.io.InputError, match="p01.txt: not text"):
        dask_engine.split_bag(bag).compute(scheduler="sync")
    items = dask_engine.split_bag(bag, on_error="skip").compute(scheduler="sync")
    assert {item["page"] for item in items} == {str(many / "p00.txt")}


def test_a_scheduler_nobody_runs_exits_2(many, monkeypatch):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    result = run("clean", many, "--dask", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 2
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.stderr


# -- S3, against moto's standalone server -------------------------------------------------


@pytest.fixture(scope="module")
def s3(cluster):
    """A bucket on a moto server at 127.0.0.1, its address in the environment of this
    process and of the cluster's workers."""
    pytest.importorskip("s3fs", reason="the s3 extra is not installed: pip install 'ocrfix[s3]'")
    server_module = pytest.importorskip("moto.server", reason="moto is not installed: pip install 'moto[server]'")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request otherwise
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL_S3": f"http://{host}:{port}", "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    from distributed import Client

    def set_environment() -> None:  # a closure: shipped by value, run in each worker process
        os.environ.update(env)

    with Client(cluster) as client:
        client.run(set_environment)
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem()
    fs.mkdir("ocrfix-test")
    try:
        yield fs
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        s3fs.S3FileSystem.clear_instance_cache()


def test_s3_round_trip(cluster, s3, many, tmp_path):
    for n, path in enumerate(sorted(many.iterdir())):
        s3.pipe_file(f"ocrfix-test/pages/d{n % 2}/{path.name}", path.read_bytes())
    s3.pipe_file("ocrfix-test/pages/notes.md", b"not a page")
    pages = "s3://ocrfix-test/pages/**/*.txt"
    one = run("split", pages, "-o", tmp_path / "one", "--jobs", "1")
    assert one.exit_code == 0, one.stderr
    result = run("split", pages, "-o", "s3://ocrfix-test/out", "--dask", cluster, "-v")
    assert result.exit_code == 0, result.stderr
    assert SUMMARY.search(result.stderr).group(1) == "12"
    s3.invalidate_cache()
    s3.get("ocrfix-test/out", str(tmp_path / "dask"), recursive=True)
    assert tree(tmp_path / "dask") == tree(tmp_path / "one")
    assert json.loads((tmp_path / "dask" / "d1" / "p03" / "index.json").read_text())["page"] == \
        "s3://ocrfix-test/pages/d1/p03.txt"
    again = run("split", pages, "-o", "s3://ocrfix-test/out", "--dask", cluster)
    assert again.exit_code == 1 and "s3://ocrfix-test/out/d0/p00: already exists" in again.stderr
    # --skip-existing on S3: a page folder removed is written again, the others skipped
    s3.rm("ocrfix-test/out/d1/p05", recursive=True)
    resumed = run("split", pages, "-o", "s3://ocrfix-test/out", "--skip-existing", "--dask", cluster, "-v")
    assert resumed.exit_code == 0, resumed.stderr
    assert "11 skipped" in resumed.stderr
    s3.invalidate_cache()
    assert s3.cat_file("ocrfix-test/out/d1/p05/index.json") == (tmp_path / "one" / "d1" / "p05" / "index.json").read_bytes()
    shards = run("split", "s3://ocrfix-test/pages/", "--format", "jsonl", "-o", "s3://ocrfix-test/items",
                 "--shard-pages", "8", "--dask", cluster)
    assert shards.exit_code == 0, shards.stderr
    s3.invalidate_cache()
    assert s3.ls("ocrfix-test/items", detail=False) == ["ocrfix-test/items/part-00000.jsonl",
                                                         "ocrfix-test/items/part-00001.jsonl"]
    assert (s3.cat_file("ocrfix-test/items/part-00000.jsonl") + s3.cat_file("ocrfix-test/items/part-00001.jsonl")
            ).decode() == run("split", pages, "--jobs", "1").stdout


def test_ctrl_c_exits_130_without_tracebacks(simulated, tmp_path):
    # The terminal's Ctrl-C reaches the whole process group: the command and the workers.
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    child = subprocess.Popen([sys.executable, "-m", "ocrfix", "split", str(simulated), "-o", str(out),
                              "--dask", "local", "--jobs", "2"], stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out.exists() and any(out.iterdir())) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(child.pid, signal.SIGINT)
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

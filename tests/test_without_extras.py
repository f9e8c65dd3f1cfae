"""Without the dask extra (dask, distributed, fsspec), the core works and --dask says
what to install: these run whether or not the extra is installed, by making its imports
fail."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import ocrfix

from ocrfix.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "jiaozuo-daily-page.txt"
EXTRA = ("dask", "distributed", "fsspec", "s3fs")

# A Python in which the extra's packages cannot be imported, as on a machine without it.
_BLOCKED = f"""
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {EXTRA!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Blocker())
sys.argv = ["ocrfix", *sys.argv[1:]]
from ocrfix.cli import main
main(prog_name="ocrfix")
"""


def ocrfix_without_extra(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _BLOCKED, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_the_core_works_and_dask_exits_2_without_the_extra(tmp_path):
    split = ocrfix_without_extra("split", SAMPLE, "-o", tmp_path / "out", "--jobs", "2", cwd=tmp_path)
    assert split.returncode == 0, split.stderr
    assert (tmp_path / "out" / "jiaozuo-daily-page" / "index.json").is_file()
    shards = ocrfix_without_extra("split", SAMPLE, "--format", "jsonl", "-o", tmp_path / "shards", cwd=tmp_path)
    assert shards.returncode == 0, shards.stderr
    assert (tmp_path / "shards" / "part-00000.jsonl").is_file()
    for command in ("clean", "split"):
        result = ocrfix_without_extra(command, SAMPLE, "--dask", "local", cwd=tmp_path)
        assert result.returncode == 2
        assert "pip install 'ocrfix[dask]'" in result.stderr
        assert "Traceback" not in result.stderr
    url = ocrfix_without_extra("split", "s3://bucket/pages/*.txt", cwd=tmp_path)
    assert url.returncode == 2 and "pip install 'ocrfix[dask]'" in url.stderr


def test_dask_exits_2_when_its_import_fails(tmp_path, monkeypatch):
    # In this process: the engine's module is imported only for --dask, and its failure is a message.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "ocrfix.dask_engine", raising=False)
    monkeypatch.delattr(ocrfix, "dask_engine", raising=False)  # imported by an earlier test
    result = CliRunner().invoke(main, ["clean", str(SAMPLE), "--dask", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "--dask needs Dask" in result.stderr and "pip install 'ocrfix[dask]'" in result.stderr
    assert result.stdout == ""

"""End to end, through the real command line, scored with the official scorer
(../shared/tools/score.py): the sample page, and simulated pages of corpus articles
laid out at widths and in orders nobody tuned the splitter for."""
from __future__ import annotations

import importlib.util
import json
import random
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocrfix.cli import main

import simulate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "jiaozuo-daily-page.txt"
GOLD = simulate.SHARED / "samples" / "jiaozuo-daily-page.gold.json"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", simulate.SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


score = _scorer()


def _ocrfix() -> list[str]:
    exe = shutil.which("ocrfix", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "ocrfix"]


def test_sample_page_splits_as_the_hand_checked_gold():
    run = subprocess.run([*_ocrfix(), "split", str(SAMPLE), "--format", "jsonl"],
                         capture_output=True, text=True, check=True)
    items = [json.loads(line) for line in run.stdout.splitlines()]
    result = score(json.loads(GOLD.read_text(encoding="utf-8"))["items"], items)
    assert {k: result[k] for k in ("seg_f1", "title_f1", "meta_f1", "para_f1", "cer", "artifacts")} == {
        "seg_f1": 1.0, "title_f1": 1.0, "meta_f1": 1.0, "para_f1": 1.0, "cer": 0.0, "artifacts": 0}


def _mean_scores(tmp_path: Path, pages: list[simulate.Page], *args: str) -> dict:
    rows = []
    for n, page in enumerate(pages):
        path = tmp_path / f"page-{n}.txt"
        path.write_text(page.text, encoding="utf-8")
        run = CliRunner().invoke(main, ["split", str(path), "--format", "jsonl", "-q", *args])
        assert run.exit_code == 0, run.output
        rows.append(score(page.items, [json.loads(line) for line in run.stdout.splitlines() if line]))
    return {k: statistics.mean(r[k] for r in rows if r[k] is not None)
            for k in ("seg_f1", "title_f1", "meta_f1", "para_f1", "cer")}


# Floors a little under what the splitter measures on these seeds (see the issue notes
# for the figures and the targets); a change that makes unseen pages worse fails here.
@pytest.mark.parametrize("headlines", ["before", "after"])
def test_simulated_pages_split_well(tmp_path, headlines):
    corpus = simulate.load_corpus()
    pages = [simulate.random_page(random.Random(f"e2e:{headlines}:{n}"), corpus, headlines=headlines)
             for n in range(30)]
    mean = _mean_scores(tmp_path, pages)
    assert mean["seg_f1"] >= 0.94
    assert mean["title_f1"] >= 0.94
    assert mean["para_f1"] >= 0.96
    assert mean["cer"] <= 0.005


def test_traditional_pages_split_like_simplified_with_convert(tmp_path):
    corpus = simulate.load_corpus()
    pages = [simulate.random_page(random.Random(f"e2e:traditional:{n}"), corpus, script="traditional")
             for n in range(30)]
    mean = _mean_scores(tmp_path, pages, "--convert", "t2s")
    assert mean["seg_f1"] >= 0.94
    assert mean["cer"] <= 0.005

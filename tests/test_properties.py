"""Properties of the whole pipeline on pages nobody tuned it for: simulated column
layouts of real articles (tests/simulate.py) and arbitrary text.

- Nothing is lost: every non-space character of a page reaches an output item, in
  order (ocrfix.check), whatever the layout, script or headline order.
- Round trip: laid out at random widths and read back, the articles' paragraphs and
  headlines come back (measured with the official scorer over a batch, since a few
  layouts are ambiguous by nature: see the figures in the issue notes).
- Idempotence: cleaning cleaned text changes nothing.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix.check import check

import simulate

CORPUS = simulate.load_corpus()



def _page(seed: int, **options) -> simulate.Page:
    return simulate.random_page(random.Random(seed), CORPUS, **options)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), script=st.sampled_from(["simplified", "traditional"]))
def test_split_loses_no_character_of_a_simulated_page(seed, script):
    page = _page(seed, script=script)
    assert check(page.text, ocrfix.split(page.text)) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_clean_loses_no_character_of_a_simulated_page(seed):
    page = _page(seed)
    assert check(page.text, ocrfix.clean(page.text)) is None


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_arbitrary_text_loses_nothing_and_raises_nothing(text):
    assert check(text, ocrfix.split(text)) is None
    assert check(text, ocrfix.clean(text)) is None


_LINE = st.text(st.sampled_from("本报讯记者通讯员摄会议强调要深入学习中央精神，。、“”（）：；！？ 　12abAB-"), max_size=40)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, max_size=30))
def test_page_like_text_loses_nothing(lines):
    text = "\n".join(lines)
    assert check(text, ocrfix.split(text)) is None


def test_clean_is_idempotent_on_the_sample_page():
    text = (Path(__file__).parent.parent / "samples" / "jiaozuo-daily-page.txt").read_text(encoding="utf-8")
    once = ocrfix.clean(text)
    assert ocrfix.clean(once) == once


@pytest.mark.parametrize("seed", range(5))
def test_clean_is_idempotent_on_plain_paragraphs(seed):
    rng = random.Random(seed)
    article = rng.choice(CORPUS)
    text = "\n".join(p.replace("\u3000", "") for p in article["paragraphs"][:6]) + "\n"
    once = ocrfix.clean(text)
    assert ocrfix.clean(once) == once


@pytest.mark.parametrize("off", [["join-lines"], ["layout-headlines"], ["layout-articles"],
                                 ["join-lines", "layout-headlines", "layout-articles"]])
def test_any_layout_stage_can_be_switched_off_without_loss(off):
    text = (Path(__file__).parent.parent / "samples" / "jiaozuo-daily-page.txt").read_text(encoding="utf-8")
    config = ocrfix.Config(disable=frozenset(off))
    assert check(text, ocrfix.split(text, config)) is None
    assert check(text, ocrfix.clean(text, config)) is None

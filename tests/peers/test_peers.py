"""ocrfix against the before/after cases of its peers' own test suites (tests/peers/*.toml).

Each case runs through ``ocrfix.clean`` (the whole pipeline, as a user runs it; the
cases are single lines, which the line rejoining leaves as they are, and ``clean``
ends its output with one newline, which is dropped) at every ``--latin-spacing``
setting it fits. A case without ``reason`` must give the peer's answer. A case with a
reason must give the answer recorded in ``ocrfix``: a deliberate difference (the
reason's text says why ocrfix is right for newspaper text), or, for a reason named
``gap-*``, a known gap where the peer is right (xfail against the peer's answer).
"""
from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

import pytest

import ocrfix
from ocrfix.config import Config

HERE = Path(__file__).parent
PEERS = ("autocorrect", "zhlint", "pangu")
SETTINGS = ("remove", "keep", "add")


def load(peer: str) -> dict:
    with (HERE / f"{peer}.toml").open("rb") as f:
        return tomllib.load(f)


DATA = {peer: load(peer) for peer in PEERS}


def _params():
    for peer, data in DATA.items():
        for number, case in enumerate(data["case"]):
            for setting in case["settings"]:
                yield pytest.param(peer, case, setting, id=f"{peer}:{number}:{setting}")


def clean(text: str, setting: str) -> str:
    return ocrfix.clean(text, Config(latin_spacing=setting)).removesuffix("\n")


def ocrfix_answer(case: dict, setting: str) -> str:
    answer = case["ocrfix"]
    return answer if isinstance(answer, str) else answer[setting]


@pytest.mark.parametrize(("peer", "case", "setting"), list(_params()))
def test_peer_case(peer, case, setting):
    got = clean(case["input"], setting)
    reason = case.get("reason")
    if reason is None:
        assert got == case["expected"], f"{case['source']} ({case['test']})"
        return
    assert got == ocrfix_answer(case, setting), f"{reason}: ocrfix's recorded answer changed"
    if reason.startswith("gap-"):
        pytest.xfail(DATA[peer]["reasons"][reason])


@pytest.mark.parametrize("peer", PEERS)
def test_every_reason_is_explained(peer):
    reasons = DATA[peer]["reasons"]
    used = {case["reason"] for case in DATA[peer]["case"] if "reason" in case}
    assert used <= set(reasons), f"reasons without a text: {used - set(reasons)}"
    assert "TODO" not in used


@pytest.mark.parametrize("peer", PEERS)
def test_settings_follow_from_the_case(peer):
    """``settings`` is what extract.fitting_settings says (the data was not hand-edited
    into a setting it does not fit); a case that fits no setting runs under none and
    must not be in the data."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("peers_extract", HERE / "extract.py")
    extract = sys.modules.setdefault("peers_extract", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(extract)
    for case in DATA[peer]["case"]:
        fits = extract.fitting_settings(case["input"], case["expected"])
        assert case["settings"] == fits, case["input"]
        assert fits, f"fits no --latin-spacing setting: {case['input']}"


def test_agreement():
    """At least 90% of the cases that fit ocrfix's policy (all but the deliberate
    differences) give the peer's answer, at each setting and for each peer."""
    for setting in SETTINGS:
        agreed = gaps = 0
        for data in DATA.values():
            for case in data["case"]:
                if setting not in case["settings"]:
                    continue
                reason = case.get("reason")
                if reason is None:
                    agreed += 1
                elif reason.startswith("gap-"):
                    gaps += 1
        assert agreed / (agreed + gaps) >= 0.9, (setting, agreed, gaps)


def counts() -> list[tuple]:
    """(peer, setting, cases, agreed, deliberate differences, known gaps): the README's table.
    ``python tests/peers/test_peers.py`` prints it."""
    rows = []
    for peer, data in DATA.items():
        for setting in (*SETTINGS, None):
            cases = [c for c in data["case"] if setting is None or setting in c["settings"]]
            agreed = sum("reason" not in c for c in cases)
            gaps = sum(c.get("reason", "").startswith("gap-") for c in cases)
            rows.append((peer, setting or "any", len(cases), agreed, len(cases) - agreed - gaps, gaps))
    return rows


if __name__ == "__main__":
    print("| peer | --latin-spacing | cases | agreed | deliberate differences | known gaps |")
    print("|---|---|---|---|---|---|")
    for row in counts():
        print("| " + " | ".join(map(str, row)) + " |")

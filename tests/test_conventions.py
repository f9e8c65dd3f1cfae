"""Byline and credit recognition (ocrfix.conventions)."""
from __future__ import annotations

import pytest

from ocrfix.conventions import ROLES, is_byline, is_credit, split_credit

BYLINES = [
    "本报记者 郭树勋",
    " 本报记者 郭树勋",
    "本报记者 孟祥麟 黄发红 刘 歌",
    "本报记者 孟祥麟 黄发红 刘歌",
    "本报记者 宋崇飞 摄",
    "本报记者宋崇飞 摄",
    "新华社记者 李 涛摄",
    "新华社记者 李涛 摄",
    "人民日报记者 王明",
    "本报驻朝鲜记者 王明",
    "本报通讯员 王明 李华",
    "本报特约记者 王明",
    "记者 王明",
    "通讯员 王明",
    "实习生 王明",
    "摄影 王明",
    "本报记者\u3000王明\t文",
    "本报记者 王明 图",
    "本報記者 王明 攝",
    "本报驻外记者 王 明 本报驻外记者 李华 张强",
    "新华社记者李学仁摄",
    "文/王明",
    "文/图 本报记者 王明",
    "图／李华 张强",
    "■本报记者 李四",
    "● 通讯员 王明",
    "新华社发",
    "新華社發",
    "受访者供图",
    "资料图片",
]
NOT_BYLINES = [
    "记者了解到",
    "本报记者",
    "本报讯（记者郭树勋）11月30日上",
    "（记者付凯明 通讯员张瑞敏）",
    "深入对接 优化环境 紧盯项目",
    "记者从市教育局获悉，会议召开",
    "本 报 记 者",
    "会议 王明",
    "王明 摄",  # a credit (below), but names no role
    "■",
    "新华社发布",
    "本报记者获悉",
    "文/",
    "",
]


@pytest.mark.parametrize("line", BYLINES)
def test_is_byline(line):
    assert is_byline(line)


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_is_not_byline(line):
    assert not is_byline(line)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("本报记者 宋崇飞 摄", True),
        ("本报记者宋崇飞 摄", True),
        ("新华社记者 李 涛摄", True),
        ("本报记者 王明 摄影", True),
        ("本报记者 郭树勋", False),
        ("本报记者 王明 文", False),
        ("摄影 王明", False),
        ("王明 摄", True),
        ("刘 歌 摄", True),
        ("王明摄", False),
        ("新华社发", True),
        ("资料图片", True),
        ("■本报记者 李四", False),
    ],
)
def test_is_credit(line, credit):
    assert is_credit(line) is credit


def test_roles_listed_once_longest_first_per_prefix():
    assert len(set(ROLES)) == len(ROLES)
    assert {"记者", "通讯员", "实习生", "见习记者", "特约记者"} <= set(ROLES)


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("工人在操作设备。 本报记者 宋崇飞 摄", ("工人在操作设备。", "本报记者 宋崇飞 摄")),
        ("助推作用。本报记者 王明", ("助推作用。", "本报记者 王明")),
        ("提供服务。”新华社记者 李 涛摄", ("提供服务。”", "新华社记者 李 涛摄")),
        ("本报记者 王明 摄", ("本报记者 王明 摄", "")),
        ("工人在操作设备，本报记者 王明 摄", ("工人在操作设备，本报记者 王明 摄", "")),
        ("记者了解到。记者了解到", ("记者了解到。记者了解到", "")),
        ("参加健身活动。 程思 摄", ("参加健身活动。", "程思 摄")),
        ("积达12万亩。 新华社发", ("积达12万亩。", "新华社发")),
        ("据悉。新华社发", ("据悉。新华社发", "")),  # 新华社发|布 broken by the column
    ],
)
def test_split_credit(line, parts):
    assert split_credit(line) == parts


# --- datelines ---------------------------------------------------------------------------

from ocrfix.conventions import dateline, fold, reporters  # noqa: E402


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("本报讯（记者王明）昨日", "本报讯"),
        ("本报北京9月9日电（记者王明）", "本报北京9月9日电"),
        ("本报平壤10月24日电\u3000（记者王明）", "本报平壤10月24日电"),
        ("新华社北京10月6日电 10月6日，", "新华社北京10月6日电"),
        ("据新华社北京9月30日电", "据新华社北京9月30日电"),
        ("新华社平壤十月六日电", "新华社平壤十月六日电"),
        ("某某日报讯（记者王明）", "某某日报讯"),
        ("【本报讯】昨日", "【本报讯】"),
        ("本報平壤9月9日電（記者王明）", "本報平壤9月9日電"),
        ("本报东京、平壤7月3日电（记者王明）", "本报东京、平壤7月3日电"),
        ("新华社华盛顿、首尔2月27日电", "新华社华盛顿、首尔2月27日电"),
    ],
)
def test_dateline(text, printed):
    assert dateline(text) == printed


@pytest.mark.parametrize("text", ["今天上午，本报讯员", "近日，记者前往", "本报记者 王明", "9月9日电视台报道", ""])
def test_no_dateline(text):
    assert dateline(text) == ""


def test_reporters_after_the_dateline():
    assert reporters("本报讯（记者付凯明 通讯员张瑞敏）昨日", 3) == [
        {"role": "记者", "name": "付凯明"}, {"role": "通讯员", "name": "张瑞敏"}]
    assert reporters("本报平壤9月9日电（记者王明、李华）", 9) == [
        {"role": "记者", "name": "王明"}, {"role": "记者", "name": "李华"}]
    assert reporters("本報訊（記者王明）", 3) == [{"role": "记者", "name": "王明"}]
    assert reporters("本报讯 昨日", 3) == []


from ocrfix.conventions import REPORTER_ROLES, byline_reporters  # noqa: E402


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("本报记者 郭树勋", [("记者", "郭树勋")]),
        ("本报驻韩国记者 陈尚文 本报驻朝鲜记者 周之然", [("记者", "陈尚文"), ("记者", "周之然")]),
        ("本报记者 宋崇飞 摄", [("记者", "宋崇飞")]),
        ("本报见习记者 王明 通讯员 李华", [("见习记者", "王明"), ("通讯员", "李华")]),
        ("■本报记者 王明 李华", [("记者", "王明"), ("记者", "李华")]),
        ("王明 摄", [("摄影", "王明")]),
        ("新华社记者 李明 摄", [("记者", "李明")]),
        ("本報記者 王明 攝", [("记者", "王明")]),
        ("文/王明", [("文", "王明")]),
        ("文/图 本报记者 王明", [("记者", "王明")]),
        ("文·图/王明", [("文/图", "王明")]),
        ("新华社发", []),
        ("资料图片", []),
    ],
)
def test_reporters_from_every_byline_form(byline, people):
    assert byline_reporters(byline) == [{"role": role, "name": name} for role, name in people]


def test_reporter_roles_are_one_small_simplified_list():
    assert len(REPORTER_ROLES) == len(set(REPORTER_ROLES)) <= 12
    assert all(fold(role) == role for role in REPORTER_ROLES)
    bylines = ["本报记者 王明", "本报特约记者 王明", "本报实习生 王明", "摄影记者 王明", "摄影 王明", "王明 摄",
               "文/王明", "图/王明", "文/图 王明", "本報見習記者 王明", "本报通讯员 李华"]
    roles = {person["role"] for byline in bylines for person in byline_reporters(byline)}
    assert roles <= set(REPORTER_ROLES) and len(roles) >= 9


def test_fold_makes_convention_characters_simplified():
    assert fold("本報訊 記者 攝") == "本报讯 记者 摄"
    assert fold("漢字") == "漢字"  # only what the conventions spell


# --- page furniture ------------------------------------------------------------------------

from ocrfix.conventions import is_furniture  # noqa: E402


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("2015年11月13日  星期四", True),
        ("星期四 2015年11月13日 农历十月初二", True),
        ("第13版 综合新闻", True),
        ("第 3 版", True),
        ("责任编辑：刘岚  美术编辑：史琬云", True),
        ("本版编辑 王明", True),
        ("校对：李华", True),
        (fold("責任編輯：王明"), True),
        (fold("本版統籌：王明 李華"), True),
        ("本版统筹：王明 李华", True),
        ("2015年11月13日", False),  # a date alone may be a caption's or a headline's
        ("2015年11月13日星期四，会议在北京召开。", False),
        ("第3版的修订本", False),
        ("第三届科普大赛", False),
        ("校对工作的同志", False),
        ("责任编辑部门认为", False),
        ("", False),
    ],
)
def test_is_furniture(line, furniture):
    assert is_furniture(line) is furniture

"""The lossless check: no non-space character of a page may go missing."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings, strategies as st

import ocrfix
from ocrfix.check import CheckFailure, check, fold, output_pieces
from ocrfix.page import Item


def test_spacing_width_and_punctuation_changes_are_not_losses():
    raw = "本报讯 （记者郭树勋） １１ 月 30 日上\n午, 示范区\u200b“好”\r\n"
    assert check(raw, "本报讯（记者郭树勋）11月30日上午，示范区\"好\"\n") is None


def test_a_lost_character_is_reported_with_its_line():
    failure = check("第一行\n第二行\n第三行", "第一行第二行第行")
    assert failure == CheckFailure("三", 3, 2, "第三行")
    assert "line 3" in str(failure) and "'三'" in str(failure)


def test_order_matters():
    assert check("甲乙", "乙甲") is not None


def test_extra_output_is_not_a_loss():
    assert check("甲乙", "甲，乙……") is None


def test_a_line_end_hyphen_may_be_rejoined_away():
    assert check("inter-\nnational", "international") is None
    assert check("inter\u00ad\nnational", "international") is None
    assert check("inter-\nnational", "inter-national") is None
    # inside a line the hyphen must stay
    assert check("a-b", "ab") == CheckFailure("-", 1, 2, "a-b")


def test_compatibility_forms_and_composition():
    assert check("ｅ\u0301", "é") is None
    assert check("．。", "。．") is None


def test_items_are_compared_in_source_line_order():
    text = "标题\n正文一\n正文二\n图片说明"
    # headline printed after its article: items need not follow the page
    items = [
        Item("caption", 4, 4, paragraphs=["图片说明"], parts=[("paragraph", "图片说明", 4, 4)]),
        Item("article", 1, 3, title="标题", paragraphs=["正文一正文二"],
             parts=[("paragraph", "正文一正文二", 2, 3), ("title", "标题", 1, 1)]),
    ]
    assert output_pieces(items) == ["标题", "正文一正文二", "图片说明"]
    assert check(text, items) is None


def test_items_without_parts_use_their_fields():
    items = [Item("article", 1, 3, title="标题", byline="记者 甲", paragraphs=["正文"])]
    assert check("标题\n记者甲\n正文", items) is None
    assert check("标题\n记者甲\n正文\n丢了", items).char == "丢"


def test_fold():
    assert fold("Ａ１ ,.!?") == "A1，．！？"
    assert fold("\ufeff\u200b\x00\t\u3000") == ""


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
_pageish = st.lists(
    st.sampled_from(["本报讯", "（记者郭树勋）", " ", "  ", "\n", "\n\n", "，", ",", "。", "11", " 月 ", "ABC",
                     "-", "\u3000", "“", "”", "摄", "示范区", "\t", "\r\n", "《通知》", "……", "１２"]),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_text, _pageish))
def test_clean_loses_no_character(text):
    out = ocrfix.clean(text)
    assert isinstance(out, str)
    assert check(text, out) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_text, _pageish))
@example("0)\n0 本报讯")  # (a line holding a headline's end and a dateline goes to two items)
@example("标题\n城区老街换新颜 本报北京3月2日电（记者乙）近日，城区老街改造工程全面完工。")
def test_split_loses_no_character(text):
    items = ocrfix.split(text)
    assert all(isinstance(item, Item) for item in items)
    assert check(text, items) is None

"""Newspaper conventions the rules and the layout share: character classes and bylines.

The role words of a byline (记者, 通讯员, ...) are listed once, here. The rules use
them to keep the space between two roles inside parentheses
(``（记者王明 通讯员李华）``); the layout uses :func:`is_byline` and :func:`is_credit`
to recognise a stand-alone byline or photo credit line such as ``本报记者 王明 摄``.
Simplified and Traditional forms are listed side by side.
"""
from __future__ import annotations

import re

import regex

# --- character classes (bodies of ``[...]``, to be combined inside patterns) ---------

#: A space as the OCR prints it: ASCII space, tab, ideographic space U+3000.
SPACE = " \t\u3000"
#: Full-width punctuation that never belongs to Latin text: the CJK punctuation block
#: (without U+3000), the full-width forms of ASCII punctuation, CJK compatibility forms.
FULLWIDTH_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\ufe10-\ufe19\ufe30-\ufe4f"
#: Punctuation Chinese and Latin text share (curly quotes, dashes, ellipsis, middle
#: dot): full-width only when it touches Chinese.
SHARED_PUNCT = "\u2010-\u2027\u00b7"
#: Chinese text: Han characters and full-width punctuation.
CJK = rf"\p{{Han}}{FULLWIDTH_PUNCT}"

# --- bylines ---------------------------------------------------------------------------

#: Role words that name who wrote or photographed a story, longest first.
ROLES: tuple[str, ...] = (
    "见习记者", "見習記者", "特约记者", "特約記者", "摄影记者", "攝影記者",
    "通讯员", "通訊員", "实习生", "實習生", "记者", "記者", "摄影", "攝影",
)
#: What may stand before a role word in a stand-alone byline: 本报, 新华社, 人民日报,
#: 本报驻X (本报驻朝鲜记者). A pattern, not a list: the X of 本报驻X varies.
ORGANS = r"(?:本[报報](?:驻[\p{Han}]{1,8})?|新[华華]社|人民日[报報])"
#: What ends a credit: 摄 (photo), 摄影, 文 (text), 图 (picture).
CREDIT_MARKS: tuple[str, ...] = ("摄影", "攝影", "摄", "攝", "文", "图", "圖")
_PHOTO_MARKS = ("摄影", "攝影", "摄", "攝")
#: A photo credited to whoever supplied it, on a line of its own: 新华社发, 受访者供图,
#: 资料图片.
SUPPLIED = r"(?:新[华華]社[发發]|\p{Han}{1,8}供[图圖]|[资資]料[图圖]片)"
#: A mark some papers set before a byline (■本报记者 王明).
BULLET = "[■□●○◆◇▲△★☆▶►]"


def _alternation(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


ROLE = rf"(?:{_alternation(ROLES)})"
#: Every proper prefix of a role word (通, 通讯, 见习, ...): a line may break inside one.
ROLE_HEAD = rf"(?:{_alternation({r[:i] for r in ROLES for i in range(1, len(r))})})"
CREDIT = rf"(?:{_alternation(CREDIT_MARKS)})"
PHOTO = rf"(?:{_alternation(_PHOTO_MARKS)})"
_SP = f"[{SPACE}]"
#: A name: 2-4 Han characters, or a two-character name padded with a space (``刘 歌``).
NAME = rf"(?:\p{{Han}}{{2,4}}|\p{{Han}}{_SP}\p{{Han}})"
#: A stand-alone byline line, without anchors: role prefix, names, optional credit mark.
#: The first name may touch the role only when a spaced credit mark follows
#: (``本报记者王明 摄``); otherwise names are space separated, so that a sentence
#: such as ``记者了解到`` is no byline.
#: What says who wrote or drew a story in a slashed credit: 文/, 图/, 文/图, 文·图.
SLASHED = r"(?:(?:文|图|圖)[·/／](?:文|图|圖)[/／：:]?|(?:文|图|圖|摄影|攝影)[/／：:])"
#: One role with its names (本报驻韩国记者 万 宇); a line may hold several.
BYLINE_GROUP = rf"{ORGANS}?{ROLE}(?:{_SP}+{NAME})+"
BYLINE_LINE = (
    rf"{_SP}*(?:{BULLET}{_SP}*)?(?:{BYLINE_GROUP}(?:{_SP}+{BYLINE_GROUP})*(?:{_SP}*{CREDIT})?"
    rf"|{ORGANS}?{ROLE}{NAME}(?:{_SP}+{NAME})*{_SP}+{CREDIT}"
    # A letter-spaced credit collapsed whole (新 华 社 记 者 李 明 摄): the organ says it.
    rf"|{ORGANS}{ROLE}\p{{Han}}{{2,4}}{PHOTO}"
    # Text and picture credits with a slash: 文/王明, 文/图 本报记者 王明, 图/王明.
    rf"|{SLASHED}{_SP}*(?:{ORGANS}?{ROLE}{_SP}*)?{NAME}(?:{_SP}+{NAME})*"
    rf"|{SUPPLIED}){_SP}*"
)
#: The second line of a credit whose role ended the line before (本 报 记 者 /
#: 王明 摄): names and a spaced 摄, without anchors.
NAMES_CREDIT_LINE = rf"{_SP}*{NAME}(?:{_SP}+{NAME})*{_SP}+{PHOTO}{_SP}*"
#: Where a caption's sentence ends and its credit follows on the same line
#: (……作用。 本报记者 王明 摄, ……作用。 王明 摄): the byline after the sentence-final
#: mark, to the line end. 新华社发 only after a space: unspaced, a column may have broken
#: 新华社发布 after it.
SENTENCE_END = "[。！？!?…][”’」』）)]*"
TRAILING_BYLINE = rf"(?<={SENTENCE_END})(?!{SUPPLIED}$)(?:{BYLINE_LINE}|{NAMES_CREDIT_LINE})$"
#: Every byline-like stretch whose spaces are separators: stand-alone byline lines,
#: name-and-摄 lines, bylines that end a caption line. For ``regex.MULTILINE``.
BYLINE_STRETCH = rf"(?:^(?:{BYLINE_LINE}|{NAMES_CREDIT_LINE})$|{TRAILING_BYLINE})"

_BYLINE = regex.compile(BYLINE_LINE)
_PHOTO_END = regex.compile(rf"(?:{PHOTO}|{SUPPLIED}){_SP}*$")
_NAMES_CREDIT = regex.compile(NAMES_CREDIT_LINE)
_TRAILING = regex.compile(TRAILING_BYLINE)
# Patterns of literal characters are stdlib re: the same meaning, and a call costs half
# of regex's (some run for every line). Those with \p{Han} need regex.
# Every byline (BYLINE_LINE, NAMES_CREDIT_LINE) names a role, and each role word holds
# one of 者员員生影; or it credits names with 摄/攝, or with a slash (·/／：:), or says who
# supplied a photo (发發图圖: 新华社发, 供图, 资料图片). A line with none of these
# characters (most lines of text) holds none: one search tells.
_BYLINE_HINT = re.compile("[者员員生影摄攝·/／：:发發图圖]")


def may_be_byline(line: str) -> bool:
    """Whether a byline (of any form here) could be in ``line`` at all: a cheap test
    to run before the byline patterns.

    >>> may_be_byline("文/王明"), may_be_byline("区直 27 个部门")
    (True, False)
    """
    return _BYLINE_HINT.search(line) is not None


def is_byline(line: str) -> bool:
    """Whether ``line`` is a stand-alone byline: a role, names, maybe 摄/文/图.

    >>> is_byline("本报记者 王明 李华"), is_byline("记者了解到")
    (True, False)
    """
    return may_be_byline(line) and _BYLINE.fullmatch(line) is not None


def is_credit(line: str) -> bool:
    """Whether ``line`` is a photo credit: a byline that ends with 摄 (or 摄影), names
    and a spaced 摄 (王明 摄), or who supplied the photo (新华社发).

    >>> is_credit("本报记者 王明 摄"), is_credit("王明 摄"), is_credit("本报记者 王明")
    (True, True, False)
    """
    if _NAMES_CREDIT.fullmatch(line) is not None:
        return True
    return is_byline(line) and _PHOTO_END.search(line) is not None


def split_credit(line: str) -> tuple[str, str]:
    """Split a byline that ends a caption line off its text: ``(text, byline)``;
    ``(line, "")`` when there is none.

    >>> split_credit("工人在操作设备。本报记者 王明 摄")
    ('工人在操作设备。', '本报记者 王明 摄')
    """
    match = _TRAILING.search(line) if may_be_byline(line) else None
    if match is None:
        return line, ""
    return line[: match.start()], match[0].strip(SPACE)


# --- script folding ----------------------------------------------------------------------

#: Traditional forms of the characters the conventions here spell, to their Simplified
#: forms: the layout folds a line before it matches, so that a page in Traditional
#: characters splits the same way. Only these characters; conversion proper is OpenCC's.
_TO_SIMPLIFIED = str.maketrans(
    "報訊電華記員攝駐實習見約據網發圖聞社鮮國東韓臺灣區傳廣號會爲為時內責編輯術設計對統籌",
    "报讯电华记员摄驻实习见约据网发图闻社鲜国东韩台湾区传广号会为为时内责编辑术设计对统筹",
)


#: Any character :func:`fold` maps: a line without one (every line of a Simplified page)
#: is left as it is after one C-level search, cheaper than a translation.
_FOLDED = re.compile("[" + "".join(re.escape(chr(c)) for c in _TO_SIMPLIFIED) + "]")  # (stdlib re: see _BYLINE_HINT)


def fold(text: str) -> str:
    """``text`` with the Traditional forms of convention characters made Simplified.

    >>> fold("本報記者 王明 攝")
    '本报记者 王明 摄'
    """
    if _FOLDED.search(text) is None:
        return text
    return text.translate(_TO_SIMPLIFIED)


# --- page furniture ----------------------------------------------------------------------

# A line of the page rather than of a story is short and ends no sentence.
_FURNITURE_MAX = 40
_SENTENCE_MARK = re.compile("[。！？；，]")  # (stdlib re: see _BYLINE_HINT)
# The page's own lines (after :func:`fold`): its date line (2015年11月13日 星期四), its
# number (第3版 要闻), who edited it (责任编辑：王明 美术编辑：李华).
_PAGE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]")
_PAGE_LINE = re.compile(
    # (the page's section may stand first: 综合 责任编辑：…; a word and a space)
    rf"[{SPACE}]*(?:[\u4e00-\u9fff]{{2,4}}[{SPACE}]+)?(?:第[{SPACE}]*\d{{1,3}}[{SPACE}]*版(?:[{SPACE}]|$)"
    rf"|(?:(?:责任|本版|美术|图片)编辑|本版统筹|责编|美编|版式设计|版式|校对)(?:[{SPACE}]*[：:]|[{SPACE}]+))"
)


def is_furniture(line: str) -> bool:
    """Whether ``line`` (folded) has the form of a line of the page, not of a story: the
    page's date line, its number, or who edited it. (The layout also wants it to stand
    alone between blank lines: a narrow column may wrap body text into such a form.)

    >>> is_furniture("2015年11月13日  星期四"), is_furniture("责任编辑：王明  美术编辑：李华")
    (True, True)
    >>> is_furniture("2015年11月13日星期四，会议在北京召开。")
    False
    >>> is_furniture("综合 责任编辑：王明 版式设计：李华"), is_furniture("综合责任编辑是谁")
    (True, False)
    """
    if len(line) > _FURNITURE_MAX or _SENTENCE_MARK.search(line):
        return False
    if _PAGE_LINE.match(line):
        return True
    return _PAGE_DATE.search(line) is not None and _WEEKDAY.search(line) is not None


# --- subheads ----------------------------------------------------------------------------

#: How an in-body subhead marks itself: numbered (一、 （二） 3. ), bulleted (■),
#: quoted whole (“……”), or a short name and a colon (真诚的朋友：……). Only a number
#: is a subhead's alone; the other marks may start a kicker or a headline too.
_SUBHEAD_NUMBER = regex.compile(
    r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[、.．](?!\d)")
_SUBHEAD_OTHER = regex.compile(
    rf"{BULLET}|“[^“”]+”$"
    # a section named before a colon (真诚的朋友：友好邻邦常来常往)
    r"|\p{Han}{2,6}：(?=\p{Han})"
)


def subhead_mark(text: str) -> str:
    """What subhead's mark ``text`` carries: ``number`` (一、 （二） 3.), ``other`` (a
    bullet, quotes around it all, a short name and a colon), or ``""``.

    >>> subhead_mark("二、加强交流互鉴"), subhead_mark("■运筹：百年大计"), subhead_mark("朝鲜举行阅兵式")
    ('number', 'other', '')
    >>> subhead_mark("真诚的朋友：友好邻邦常来常往"), subhead_mark("《劳动新闻》：金正恩视察")
    ('other', '')
    """
    if _SUBHEAD_NUMBER.match(text):
        return "number"
    return "other" if _SUBHEAD_OTHER.match(text) else ""


# --- datelines ---------------------------------------------------------------------------

_NUMBER = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
#: A dateline that opens an article's first paragraph (after :func:`fold`): 本报讯,
#: 本报北京9月9日电, 本报东京、平壤7月3日电, 新华社平壤…电, 据新华社…电, 焦作日报讯, 【…讯】.
DATELINE = regex.compile(
    rf"""(?:
        据?(?:本报|新华社|中新社|人民网|\p{{Han}}{{2,6}}[日晚]报|\p{{Han}}{{2,4}}社)
            (?:\p{{Han}}{{1,10}}(?:、\p{{Han}}{{1,10}}){{0,3}})??{_NUMBER}月{_NUMBER}日[电讯]
      | 本报讯
      | \p{{Han}}{{2,6}}[日晚]报讯
      | 【[^】\n]{{1,24}}[讯电]】
      | 据?新华社电
    )""",
    regex.VERBOSE,
)
#: What a dateline opens with; a narrow column may break the dateline after it.
DATELINE_START = re.compile(r"(?:据?(?:本报|新华社|中新社|人民网)|【)")  # (stdlib re: see _BYLINE_HINT)


# Datelines and their reporters are short: only the opening of a paragraph is read.
DATELINE_SPAN = 64
# Every dateline holds 讯 or 电 (訊, 電 before folding): an opening without one is no
# dateline, which one search tells (most paragraphs) before any fold or pattern.
_DATELINE_MARK = re.compile("[讯訊电電]")


def dateline(text: str) -> str:
    """The dateline ``text`` opens with (as printed), or ``""``.

    >>> dateline("本报平壤9月9日电（记者甲）今天"), dateline("今天")
    ('本报平壤9月9日电', '')
    """
    opening = text[:DATELINE_SPAN]
    if _DATELINE_MARK.search(opening) is None:
        return ""
    match = DATELINE.match(fold(opening))
    return text[: match.end()] if match else ""


_REPORTERS = regex.compile(rf"[{SPACE}]*[（(]([^）)\n]{{1,60}})[）)]")

# --- reporters: who a byline, a credit or a dateline's parentheses name ----------------

#: The roles ``reporters`` gives, as a byline prints them (Simplified): every role word
#: of :data:`ROLES`, the marks of a slashed credit (文/, 图/, 文/图), and 摄影 for a
#: photo credit that names no role (王明 摄).
PHOTO_ROLE = "摄影"
REPORTER_ROLES: tuple[str, ...] = (*dict.fromkeys(fold(r) for r in ROLES), "文", "图", "文/图")
# One role (an organ before it is left out: 本报驻韩国记者 -> 记者) or one name; names
# run on after their role (记者王明) or stand apart (、，; spaces).
_PERSON = regex.compile(rf"{BULLET}|{ORGANS}?(?P<role>{ROLE})|(?P<name>\p{{L}}+)")
_SLASHED_AT = regex.compile(rf"[{SPACE}]*(?P<marks>{SLASHED})")
_CREDIT_END = regex.compile(rf"[{SPACE}]*(?:{PHOTO}|{SUPPLIED})[{SPACE}]*$")


def people(text: str, role: str = "") -> list[dict[str, str]]:
    """The people ``text`` names, each with the role printed before it (a role holds
    for the names after it, up to the next one); ``role`` for names before any.

    >>> people("记者付凯明 通讯员张瑞敏")
    [{'role': '记者', 'name': '付凯明'}, {'role': '通讯员', 'name': '张瑞敏'}]
    >>> people("本报驻韩国记者 陈尚文 本报驻朝鲜记者 周之然")
    [{'role': '记者', 'name': '陈尚文'}, {'role': '记者', 'name': '周之然'}]
    """
    found: list[dict[str, str]] = []
    for match in _PERSON.finditer(fold(text)):
        if match["role"]:
            role = match["role"]
        elif match["name"]:
            found.append({"role": role, "name": match["name"]})
    return found


def reporters(text: str, start: int = 0) -> list[dict[str, str]]:
    """The people in the parentheses after a dateline, with their roles.

    >>> reporters("本报讯（记者王明 通讯员李华）今天", 3)
    [{'role': '记者', 'name': '王明'}, {'role': '通讯员', 'name': '李华'}]
    """
    match = _REPORTERS.match(fold(text[: start + DATELINE_SPAN + 8]), start)
    return people(match.group(1)) if match else []


def byline_reporters(byline: str) -> list[dict[str, str]]:
    """The people a stand-alone byline or a photo credit names, with their roles: the
    role word it prints (本报记者 郭树勋: 记者), the mark of a slashed credit (文/王明:
    文), or 摄影 for a credit with names only (王明 摄). Who supplied a photo
    (新华社发) names nobody.

    >>> byline_reporters("本报记者 宋崇飞 摄")
    [{'role': '记者', 'name': '宋崇飞'}]
    >>> byline_reporters("王明 李华 摄"), byline_reporters("新华社发")
    ([{'role': '摄影', 'name': '王明'}, {'role': '摄影', 'name': '李华'}], [])
    >>> byline_reporters("文/图 本报记者 王明"), byline_reporters("文/王明")
    ([{'role': '记者', 'name': '王明'}], [{'role': '文', 'name': '王明'}])
    """
    text = fold(byline)
    credit = _CREDIT_END.search(text)
    role = PHOTO_ROLE if credit else ""
    if credit:
        text = text[: credit.start()]
    slashed = _SLASHED_AT.match(text)
    if slashed:
        marks = regex.sub(r"[·/／：:]", "", slashed["marks"])  # 文, 图, 文图, 图文, 摄影
        role = "文/图" if len(set(marks)) == 2 and set(marks) == {"文", "图"} else marks
        text = text[slashed.end():]
    return people(text, role)

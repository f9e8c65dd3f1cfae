"""Pattern pieces the space rules share (line rules and the paragraph rule).

Every piece stays on one line: spaces are ``[ \\t\\u3000]``, never ``\\s``. A
variable-length lookbehind comes after a lookahead for a space, so that it is tried
at spaces only.
"""
from __future__ import annotations

from ..conventions import CJK, FULLWIDTH_PUNCT, ROLE, ROLE_HEAD, SHARED_PUNCT, SPACE

SP = f"[{SPACE}]"
HAN = r"\p{Han}"
# The edge of a Latin word or number on the side that faces Chinese text.
LATIN_START = "[A-Za-z0-9]"
LATIN_END = "[A-Za-z0-9%]"

# Spaces next to full-width punctuation. Punctuation Chinese shares with Latin text
# (“” ‘’ — … ·) counts only where it touches Chinese, so "Hello “world”" keeps its space;
# and an ASCII hyphen spaced on both sides is a separator that keeps its spaces
# (‘腾讯’ - 发布 - ‘新版’).
_SPACED_HYPHEN_AFTER = rf"(?!-(?:{SP}|$))"
_SPACED_HYPHEN_BEFORE = rf"(?<!{SP}-)(?<!^-)"
AROUND_PUNCT = "|".join((
    rf"{SP}+(?=[{FULLWIDTH_PUNCT}])",
    rf"(?<=[{FULLWIDTH_PUNCT}]){SP}+",
    rf"(?={SP})(?<=[{CJK}][{SPACE}{SHARED_PUNCT}]*[{SHARED_PUNCT}]){SP}++{_SPACED_HYPHEN_AFTER}",
    rf"(?<![{SPACE}]){_SPACED_HYPHEN_BEFORE}{SP}+(?=[{SHARED_PUNCT}][{SPACE}{SHARED_PUNCT}]*[{CJK}])",
    rf"(?<=[{SHARED_PUNCT}]){SP}+(?=[{CJK}])",
    rf"(?<=[{CJK}]){SP}+(?=[{SHARED_PUNCT}])",
))

# Inside parentheses, the space before a role word (（记者王明 通讯员李华）), also when
# the line breaks inside the role word (（记者王明 通 / 讯员李华）). The role after the
# spaces is looked for first: the lookbehind for the parenthesis may scan back to the
# line start, and tried at every space of a long line it made the rule quadratic.
ROLE_SPACE = "|".join((
    rf"(?={SP}+(?:{ROLE}|{ROLE_HEAD}{SP}*$))(?<=[（(][^（）()\n]*{HAN}){SP}+",
    rf"(?<={HAN}){SP}+(?={ROLE}[^（）()\n]*[）)])",
))

BETWEEN_HAN = rf"(?<={HAN}){SP}+(?={HAN})"

# A signed number after Chinese (气温-5度, 或+255) and a word's own trailing + or !
# before Chinese (C++的, 2+差别, Yahoo!的) stand on the Latin side of the gap.
LATIN_SIGNED = "[-+][0-9]"
LATIN_TRAILING = "[A-Za-z0-9][+!]+"

# Chinese next to Latin words and digits, by ``latin_spacing``: the pattern, and what
# replaces it ("remove" drops the spaces, "add" leaves exactly one, "keep" has none).
LATIN_GAP = {
    "remove": rf"(?<={HAN}){SP}+(?={LATIN_START}|{LATIN_SIGNED})|(?<={LATIN_END}|{LATIN_TRAILING}){SP}+(?={HAN})",
    "add": rf"(?<={HAN}){SP}*(?={LATIN_START}|{LATIN_SIGNED})|(?<={LATIN_END}|{LATIN_TRAILING}){SP}*(?={HAN})",
}
LATIN_REPLACEMENT = {"remove": "", "add": " "}

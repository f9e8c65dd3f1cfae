"""Read the before/after cases of the peers' own test suites into tests/peers/<peer>.toml.

The peers are autocorrect (huacnlee/autocorrect), zhlint (zhlint-project/zhlint) and
pangu (vinta/pangu.py). Point the script at bare git clones of them (or any clone: it
reads ``HEAD`` with ``git show``)::

    python tests/peers/extract.py --autocorrect DIR --zhlint DIR --pangu DIR

For each peer it finds the assertions of the form "this input gives that output"
(autocorrect: ``"in" => "out"`` tables and ``assert_eq!`` in its rule and format tests;
zhlint: ``expect(getOutput('in', options)).toBe('out')`` and ``lint(...)`` outputs, and
the line pairs of its example-units fixture; pangu: ``spacing_text("in") == "out"``),
drops those about what ocrfix does not do (markup, code, URLs, multi-line blocks,
Japanese and Korean, the peers' non-text options; ``SCOPE`` below says which, the
report counts them), and writes the rest with the ``--latin-spacing`` settings each fits
(see ``fitting_settings``). What the data file already says about a case (``reason``,
``ocrfix``) is kept: the reviewed notes survive a new extraction. A case ocrfix gets
wrong that has no reason yet is written with ``reason = "TODO"`` for review.

Only test *cases* (strings) are copied, as data; no peer code. All three peers are MIT
licensed.
"""
from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import regex

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).parent
SETTINGS = ("remove", "keep", "add")


@dataclass
class Case:
    source: str
    test: str
    input: str
    expected: str
    options: str = "default"
    notes: dict = field(default_factory=dict)


# --- reading the peers' tests ------------------------------------------------------

def git_show(repo: Path, path: str) -> str:
    return subprocess.run(["git", f"--git-dir={repo}", "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


def git_files(repo: Path) -> list[str]:
    out = subprocess.run(["git", f"--git-dir={repo}", "ls-tree", "-r", "--name-only", "HEAD"],
                         check=True, capture_output=True, text=True).stdout
    return out.split("\n")


def git_head(repo: Path) -> str:
    return subprocess.run(["git", f"--git-dir={repo}", "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


_RUST_STR = r'(?:r(?P<h>#*)"(?P<raw>.*?)"(?P=h)|"(?P<esc>(?:[^"\\]|\\.)*)")'
_RUST_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def _rust_value(m: regex.Match, prefix: str) -> str:
    if m[f"{prefix}raw"] is not None:
        return m[f"{prefix}raw"]
    return regex.sub(r"\\u\{([0-9a-fA-F]+)\}|\\(.)",
                     lambda e: chr(int(e[1], 16)) if e[1] else _RUST_ESCAPES[e[2]], m[f"{prefix}esc"])


def _rust_str(prefix: str) -> str:
    return (_RUST_STR.replace("?P<h>", f"?P<{prefix}h>").replace("(?P=h)", f"(?P={prefix}h)")
            .replace("?P<raw>", f"?P<{prefix}raw>").replace("?P<esc>", f"?P<{prefix}esc>"))


_RUST_PAIR = regex.compile(rf"{_rust_str('a')}\s*=>\s*(?:\(\s*map!\s*\{{\s*\}}\s*,\s*)?{_rust_str('b')}", regex.DOTALL)
_RUST_ASSERT_FN_FIRST = regex.compile(
    rf"assert_eq!\(\s*(?P<fn>\w+)\(\s*{_rust_str('a')}\s*\)\s*,\s*{_rust_str('b')}\s*,?\s*\)", regex.DOTALL)
_RUST_ASSERT_FN_LAST = regex.compile(
    rf"assert_eq!\(\s*{_rust_str('b')}\s*,\s*(?P<fn>\w+)\(\s*{_rust_str('a')}\s*\)\s*,?\s*\)", regex.DOTALL)
_RUST_TEST_FN = regex.compile(r"fn (\w+)\(")


def _strip_rust_comments(text: str) -> str:
    # Whole-line // comments only (a // inside a string, as in a URL, stays).
    return regex.sub(r"(?m)^[ \t]*//.*$", "", text)


def autocorrect_cases(repo: Path) -> list[Case]:
    files = [f for f in git_files(repo)
             if f.startswith(("autocorrect/src/rule/", "autocorrect/src/format.rs", "autocorrect/src/lib.rs"))
             and f.endswith(".rs")]
    cases = []
    for path in files:
        text = _strip_rust_comments(git_show(repo, path))
        start = text.find("#[cfg(test)]")
        if start < 0:
            continue
        body = text[start:]
        found = []
        for m in _RUST_PAIR.finditer(body):
            found.append((m.start(), _rust_value(m, "a"), _rust_value(m, "b"), ""))
        for pattern in (_RUST_ASSERT_FN_FIRST, _RUST_ASSERT_FN_LAST):
            for m in pattern.finditer(body):
                found.append((m.start(), _rust_value(m, "a"), _rust_value(m, "b"), m["fn"]))
        for pos, source, expected, fn in sorted(found):
            test = _RUST_TEST_FN.findall(body[:pos])
            name = test[-1] if test else ""
            if name in ("test_is_match_path", "test_is_match_path_hash", "it_lint_for"):
                continue  # predicates and lint JSON, not before/after text
            # The rule unit tests call one rule's function; the rest call the whole format.
            options = "default" if path.endswith(("format.rs", "lib.rs")) else f"one rule: {fn or name}"
            if path.endswith("rule/mod.rs"):
                options = "default"
            cases.append(Case(path, name, source, expected, options))
    return cases


_TS_STR = r"""(?:'(?P<{p}s>(?:[^'\\\n]|\\.)*)'|"(?P<{p}d>(?:[^"\\\n]|\\.)*)"|`(?P<{p}t>(?:[^`\\]|\\.)*)`)"""


def _ts(prefix: str) -> str:
    return _TS_STR.replace("{p}", prefix)


def _ts_value(m: regex.Match, prefix: str) -> str:
    raw = next(m[f"{prefix}{k}"] for k in "sdt" if m[f"{prefix}{k}"] is not None)
    return regex.sub(r"\\u([0-9a-fA-F]{4})|\\(.)",
                     lambda e: chr(int(e[1], 16)) if e[1] else {"n": "\n", "t": "\t"}.get(e[2], e[2]),
                     raw, flags=regex.DOTALL)


_TS_GET_OUTPUT = regex.compile(
    rf"expect\(\s*getOutput\(\s*{_ts('a')}\s*(?:,\s*(?P<opt>\w+)\s*)?\)\s*\)\s*\.toBe\(\s*{_ts('b')}\s*\)",
    regex.DOTALL)
_TS_LINT = regex.compile(
    rf"expect\(\s*lint\(\s*{_ts('a')}\s*(?:,\s*(?P<opt>\w+)\s*)?\)\s*\)\s*\.toEqual\(\s*\{{\s*output:\s*{_ts('b')}",
    regex.DOTALL)
_TS_TEST = regex.compile(r"\btest(?P<skip>\.skip|\.todo)?\(\s*(?P<q>['`\"])(?P<name>.*?)(?P=q)")
_TS_LOCAL_OPTIONS = regex.compile(r"const options(?::\s*Options)?\s*=\s*(?P<value>undefined|\{)")
_TS_RULE_KEY = regex.compile(r"(\w+):\s*(true|false|'[^']*'|`[^`]*`)")


def zhlint_cases(repo: Path) -> list[Case]:
    cases = []
    for path in ("test/rules.test.ts", "test/uncategorized.test.ts", "test/md.test.ts"):
        text = git_show(repo, path)
        found = [(m, "getOutput") for m in _TS_GET_OUTPUT.finditer(text)]
        found += [(m, "lint") for m in _TS_LINT.finditer(text)]
        for m, _ in sorted(found, key=lambda f: f[0].start()):
            tests = list(_TS_TEST.finditer(text, 0, m.start()))
            test = tests[-1] if tests else None
            if test is not None and test["skip"]:
                continue  # skipped or to-do in zhlint's own suite
            options = "default"
            scope = text[test.end() if test else 0:m.start()]
            local = list(_TS_LOCAL_OPTIONS.finditer(scope))
            if local and path == "test/rules.test.ts":
                if local[-1]["value"] == "undefined":
                    options = "none"
                else:
                    block = scope[local[-1].end():]
                    keys = _TS_RULE_KEY.findall(block[:block.find("expect(")])
                    options = "only " + ", ".join(f"{k}={v}" for k, v in keys)
            elif path == "test/rules.test.ts" and m["opt"] != "options":
                options = "none" if not m["opt"] else options
            cases.append(Case(path, test["name"] if test else "", _ts_value(m, "a"), _ts_value(m, "b"), options))
    # The example-units fixture: line n of the input becomes line n of the fixed file.
    before = git_show(repo, "test/example-units.md").split("\n")
    after = git_show(repo, "test/example-units-fixed.md").split("\n")
    for number, (old, new) in enumerate(zip(before, after), start=1):
        if old.strip() and not old.startswith("`TODO"):
            cases.append(Case("test/example-units.md", f"line {number}", old, new))
    return cases


_PY_STR = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_PANGU_ASSERT = regex.compile(rf"spacing_text\(\s*(?P<a>{_PY_STR})\s*\)\s*==\s*(?P<b>{_PY_STR})", regex.DOTALL)
_PY_TEST = regex.compile(r"(?m)^def (test_\w+)")


def pangu_cases(repo: Path) -> list[Case]:
    cases = []
    for path in sorted(f for f in git_files(repo) if f.startswith("tests/core/test_") and f.endswith(".py")):
        text = regex.sub(r"(?m)^[ \t]*#.*$", "", git_show(repo, path))
        for m in _PANGU_ASSERT.finditer(text):
            tests = _PY_TEST.findall(text, 0, m.start())
            cases.append(Case(path, tests[-1] if tests else "", ast.literal_eval(m["a"]), ast.literal_eval(m["b"])))
    return cases


# --- what ocrfix is about ----------------------------------------------------------

# (name, test on input + expected). The first that matches puts a case out of scope.
SCOPE = (
    ("multi-line", lambda t: "\n" in t),
    ("markup or code", lambda t: regex.search(
        r"`|\]\(|\*\*|__|</?[A-Za-z]|&[a-z#0-9]+;|\{[%#{]|\$\{|%[sdvSDV](?![a-z])|^\s*\||[ ]{2}$|\$|\\|\{\{|#\{|^[#>] |^- |::|=>|\(\)|;-\)",
        t)),
    ("url or path", lambda t: regex.search(r"://|www\.|(?:^| )/\w|\w/\w[\w.-]*/|#\w|@\w|\.(?:html?|js|json|jpg|py|env)\b", t)),
    ("other script", lambda t: regex.search(r"[\p{Hiragana}\p{Katakana}\p{Hangul}]", t)),
)
# Whole test files and test groups about something ocrfix does not do.
OUT_OF_SCOPE_TESTS = {
    # pangu: spaces around ASCII symbols other than sentence punctuation and brackets.
    **{f"tests/core/test_symbol_{name}.py": "ASCII symbols (pangu spaces them; ocrfix leaves them as they are)"
       for name in ("ampersand", "angle_brackets", "asterisk", "at", "backslash", "backtick", "caret",
                    "curly_brackets", "dollar_sign", "equals_sign", "greater_than_sign", "hashtag",
                    "less_than_sign", "pipe", "plus_sign", "slash", "square_brackets", "tilde",
                    "underscore", "others")},
    "tests/core/test_symbol_nbsp.py": "no-break spaces (pangu normalizes them; ocrfix's input is OCR text)",
    "autocorrect/src/rule/spellcheck.rs": "spelling of words (ios -> iOS)",
}
OUT_OF_SCOPE_OPTIONS = (
    # zhlint tests that switch one option of zhlint's off or on alone (markup, code,
    # quote styles): ocrfix has no such switch. Those isolating spacing and width are kept.
    ("spaceOutsideCode", "code spans"),
    ("noSpaceInsideHyperMark", "markdown marks"),
    ("unifiedPunctuation", "quote styles of Simplified vs Traditional (ocrfix keeps the paper's marks)"),
    ("trimSpace", "markdown line edges"),
)


def out_of_scope(case: Case) -> str | None:
    if case.source in OUT_OF_SCOPE_TESTS:
        return OUT_OF_SCOPE_TESTS[case.source]
    for key, why in OUT_OF_SCOPE_OPTIONS:
        if key in case.options:
            return why
    for name, test in SCOPE:
        if test(case.input) or test(case.expected):
            return name
    if not fitting_settings(case.input, case.expected):
        return "spacing that no --latin-spacing setting gives (some places spaced, some not)"
    if case.options == "none":
        return "zhlint with no rules (its parser's round trip)"
    if case.test == "test_halfwidth_alphabetic_numbers" and "\u3000" in case.input and "ジ" in case.input:
        return "other script"
    return None


# --- which --latin-spacing settings a case fits ------------------------------------

_WIDE_ALNUM = str.maketrans({c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B) if chr(c - 0xFEE0).isalnum()})
# Where Chinese meets Latin as ocrfix's space rules see it (rules/_spacing.py): a
# letter or digit, a signed number after Chinese, a word's trailing % + ! before it.
_GAP = regex.compile(r"(?<=\p{Han})([ \u3000]*)(?=[A-Za-z0-9]|[-+][0-9])"
                     r"|(?<=[A-Za-z0-9%]|[A-Za-z0-9][+!]+)([ \u3000]*)(?=\p{Han})")


def gaps(text: str) -> list[str]:
    """The spaces at every place where Chinese meets a Latin letter or a digit."""
    return [m[1] if m[1] is not None else m[2] for m in _GAP.finditer(text.translate(_WIDE_ALNUM))]


def fitting_settings(source: str, expected: str) -> list[str]:
    """The ``--latin-spacing`` settings under which the peer's answer is ocrfix's policy
    too: ``remove`` if it has no space where Chinese meets Latin or digits, ``add`` if
    exactly one everywhere, ``keep`` if it has the input's spaces there. A case with no
    such place fits all three; a peer answer that mixes them fits none (and is kept as
    data with that note)."""
    found = gaps(expected)
    fits = []
    if all(g == "" for g in found):
        fits.append("remove")
    if found == gaps(source):
        fits.append("keep")
    if all(g == " " for g in found):
        fits.append("add")
    return fits


# --- writing the data file ---------------------------------------------------------

def toml_str(text: str) -> str:
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or c in "\u3000\u00a0\u200b\ufeff" or 0x7F <= ord(c) < 0xA0:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def load(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return tomllib.load(f)


def key(case: dict) -> tuple:
    return (case["source"], case["input"], case["expected"])


HEADER = """\
# The before/after cases of {peer}'s own test suite that concern what ocrfix does.
# Source: {url} at commit {commit}, the files named in each case's `source`
# ({license}; only the test strings are copied, as data).
# Written by tests/peers/extract.py; `reason` and `ocrfix` are reviewed by hand and kept
# when the file is extracted again. tests/peers/README.md says how to read a case.
"""


def write(peer: str, url: str, commit: str, license: str, cases: list[Case], old: dict, out: Path) -> None:
    lines = [HEADER.format(peer=peer, url=url, commit=commit, license=license)]
    lines.append("[reasons]")
    used = {case.notes.get("reason") for case in cases}
    for name, text in old.get("reasons", {}).items():
        if name in used:  # (a reason no case has any more goes)
            lines.append(f"{name} = {toml_str(text)}")
    seen = set()
    for case in cases:
        k = (case.source, case.input, case.expected)
        if k in seen:
            continue
        seen.add(k)
        lines.append("")
        lines.append("[[case]]")
        lines.append(f"source = {toml_str(case.source)}")
        lines.append(f"test = {toml_str(case.test)}")
        if case.options != "default":
            lines.append(f"options = {toml_str(case.options)}")
        lines.append(f"input = {toml_str(case.input)}")
        lines.append(f"expected = {toml_str(case.expected)}")
        settings = fitting_settings(case.input, case.expected)
        lines.append("settings = [" + ", ".join(toml_str(s) for s in settings) + "]")
        for name in ("reason", "ocrfix"):
            value = case.notes.get(name)
            if isinstance(value, dict):
                lines.append(f"{name} = {{ " + ", ".join(f"{s} = {toml_str(v)}" for s, v in value.items()) + " }")
            elif value is not None:
                lines.append(f"{name} = {toml_str(value)}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def annotate(cases: list[Case], old: dict) -> None:
    """Give a case ocrfix disagrees with its ocrfix output; mark it TODO if no reason yet."""
    import ocrfix
    from ocrfix.config import Config

    notes = {key(c): c for c in old.get("case", [])}
    for case in cases:
        note = notes.get((case.source, case.input, case.expected), {})
        settings = fitting_settings(case.input, case.expected) or list(SETTINGS)
        outputs = {s: ocrfix.clean(case.input, Config(latin_spacing=s)).removesuffix("\n") for s in settings}
        if all(v == case.expected for v in outputs.values()):
            continue  # agrees: no note (an old note is dropped)
        case.notes["reason"] = note.get("reason", "TODO")
        distinct = set(outputs.values())
        case.notes["ocrfix"] = distinct.pop() if len(distinct) == 1 else outputs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--autocorrect", type=Path)
    parser.add_argument("--zhlint", type=Path)
    parser.add_argument("--pangu", type=Path)
    args = parser.parse_args(argv)
    peers = (
        ("autocorrect", args.autocorrect, autocorrect_cases, "https://github.com/huacnlee/autocorrect", "MIT"),
        ("zhlint", args.zhlint, zhlint_cases, "https://github.com/zhlint-project/zhlint", "MIT"),
        ("pangu", args.pangu, pangu_cases, "https://github.com/vinta/pangu.py", "MIT"),
    )
    for name, repo, read, url, license in peers:
        if repo is None:
            continue
        found = read(repo)
        kept, dropped = [], {}
        for case in found:
            why = out_of_scope(case)
            if why:
                dropped[why] = dropped.get(why, 0) + 1
            else:
                kept.append(case)
        out = HERE / f"{name}.toml"
        old = load(out)
        annotate(kept, old)
        write(name, url, git_head(repo), license, kept, old, out)
        print(f"{name}: {len(found)} cases found, {len(kept)} kept", file=sys.stderr)
        for why, count in sorted(dropped.items(), key=lambda d: -d[1]):
            print(f"  {count:4d} left out: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

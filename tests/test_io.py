"""Reading pages (encodings, bad bytes, binary), atomic writes, safe file names."""
from __future__ import annotations

import codecs
import errno
import os
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from ocrfix import io

TEXT = "本报讯（记者郭树勋）11 月 30 日上午，示范区\n第二行 English text.\n"


# -- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
    ],
    ids=["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"],
)
def test_auto_detects_the_encoding(data):
    assert io.read_text(data, name="page.txt") == TEXT


def test_gb18030_beyond_gbk():
    text = "𠀀 and € and 本报"  # four-byte GB18030 sequences
    assert io.read_text(text.encode("gb18030")) == text


def test_named_encoding_is_used_as_given():
    assert io.read_text(TEXT.encode("big5", "replace"), encoding="big5") == TEXT.encode("big5", "replace").decode("big5")
    assert io.read_text("abc".encode("utf-16-le"), encoding="utf-16-le") == "abc"


def test_unknown_encoding_name_is_a_lookup_error():
    with pytest.raises(LookupError):
        io.check_encoding("no-such-codec")
    with pytest.raises(LookupError):
        io.check_encoding("rot13")  # a codec, but not a text encoding


def test_bad_bytes_name_the_file_and_the_offset():
    data = "本报讯".encode("utf-8") + b"\xff\xfe\xff" + "好".encode("utf-8")
    with pytest.raises(io.DecodeError) as caught:
        io.read_text(data, name="page.txt")
    assert caught.value.offset == 9
    message = str(caught.value)
    assert "page.txt" in message and "offset 9" in message and "--errors replace" in message


def test_bad_bytes_with_a_named_encoding():
    with pytest.raises(io.DecodeError) as caught:
        io.read_text(b"abc\xffdef", encoding="utf-8", name="x.txt")
    assert caught.value.offset == 3
    assert "x.txt" in str(caught.value) and "offset 3" in str(caught.value)


def test_bad_bytes_after_a_bom_count_the_bom():
    with pytest.raises(io.DecodeError) as caught:
        io.read_text(codecs.BOM_UTF8 + b"ab\xff", name="x.txt")
    assert caught.value.offset == 5


def test_errors_replace_goes_on():
    text = io.read_text("本报讯".encode("utf-8") + b"\xff\xfe\xff", errors="replace")
    assert text.startswith("本报讯") and "\ufffd" in text


@pytest.mark.parametrize(
    "data",
    [b"abc\0def", b"\x7fELF\x02\x01\x01\0\0\0\0", bytes(range(1, 32)) * 10],
    ids=["nul", "elf", "controls"],
)
def test_binary_is_not_text(data):
    with pytest.raises(io.NotTextError, match="bin.dat: not text"):
        io.read_text(data, name="bin.dat")


def test_utf16_without_bom_gets_a_hint():
    with pytest.raises(io.NotTextError, match="utf-16"):
        io.read_text("abc".encode("utf-16-le"), name="x.txt")


def test_empty_and_whitespace_only_are_text():
    assert io.read_text(b"") == ""
    assert io.read_text(b" \n\t\r\n\xe3\x80\x80") == " \n\t\r\n\u3000"


def test_line_endings_tabs_and_long_lines_are_text():
    assert io.read_text(b"a\r\nb\rc\td") == "a\r\nb\rc\td"
    long = "字" * 3_500_000  # a single 10 MB line
    assert io.read_text(long.encode("utf-8")) == long


def test_read_bytes_reports_missing_and_folders(tmp_path):
    with pytest.raises(io.InputError, match="no such file"):
        io.read_bytes(tmp_path / "missing.txt")
    with pytest.raises(io.InputError, match="is a directory"):
        io.read_bytes(tmp_path)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_fail_with_our_error(data):
    try:
        text = io.read_text(data, name="x")
    except io.InputError as error:
        assert str(error).startswith("x: ")
    else:
        assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=100))
def test_utf8_text_round_trips(text):
    assert io.read_text(text.encode("utf-8")) == text


# -- atomic writes --------------------------------------------------------------------------


def test_atomic_write_writes_utf8(tmp_path):
    path = tmp_path / "a.txt"
    io.atomic_write(path, "本报讯\n")
    assert path.read_bytes() == "本报讯\n".encode("utf-8")
    assert os.listdir(tmp_path) == ["a.txt"]  # no temporary file left


def test_atomic_write_never_overwrites_without_force(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")
    with pytest.raises(io.OutputError, match="already exists; use --force"):
        io.atomic_write(path, "new")
    assert path.read_text() == "old"
    io.atomic_write(path, "new", force=True)
    assert path.read_text() == "new"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_an_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    def fail(*args):  # interrupted after the data went out, before the rename
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", fail)
    with pytest.raises(KeyboardInterrupt):
        io.atomic_write(tmp_path / "a.txt", "x" * 100_000)
    assert os.listdir(tmp_path) == []


def test_a_new_file_gets_the_usual_mode(tmp_path):
    mask = os.umask(0o027)
    try:
        io.atomic_write(tmp_path / "a.txt", "x")
    finally:
        os.umask(mask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640


def test_a_file_system_without_hard_links_still_gets_the_file(tmp_path, monkeypatch):
    def no_links(*args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    io.atomic_write(tmp_path / "a.txt", "本报讯")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "本报讯"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_an_interrupted_overwrite_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("old")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        io.atomic_write(path, "new", force=True)
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["a.txt"]


# -- safe names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["../x", "../../etc/passwd", "/", "a/b\\c", "..", ".", ".hidden", "a\0b\x1b[31m\nc", "\u200b", "", "   ",
     "C:\\Windows", "字" * 300, "a" * 300, "é" * 200],
)
def test_safe_names_stay_in_their_folder(tmp_path, title):
    name = io.safe_filename(title, "txt", set())
    assert "/" not in name and "\\" not in name and "\0" not in name
    assert not name.startswith(".")
    assert not any(unicodedata.category(c)[0] == "C" for c in name)
    assert len(name.encode("utf-8")) <= 255
    assert name.endswith(".txt")
    path = tmp_path / name
    assert path.resolve().parent == tmp_path.resolve()
    path.write_text("ok")  # the file system takes it


def test_long_names_are_cut_on_a_character_boundary():
    name = io.safe_filename("示范区" * 100, "txt")
    assert len(name.encode("utf-8")) <= 255
    assert name.encode("utf-8").decode("utf-8") == name
    assert name.startswith("示范区示范区")


def test_names_are_unique_within_a_folder():
    taken: set[str] = set()
    names = [io.safe_filename(t, "txt", taken) for t in ["标题", "标题", "标题", "Title", "title", "a" * 300, "a" * 300]]
    assert len({n.casefold() for n in names}) == len(names)
    assert names[:3] == ["标题.txt", "标题-2.txt", "标题-3.txt"]
    assert all(len(n.encode("utf-8")) <= 255 for n in names)
    assert taken == {n.casefold() for n in names}  # kept casefolded: no pass over it per name


def test_counting_may_start_later_and_still_skips_taken_names():
    taken = {"page-3.txt"}
    assert io.safe_filename("page", "txt", taken, start=3) == "page-4.txt"
    assert io.safe_filename("page", "txt", taken, start=2) == "page-2.txt"


def test_leading_dots_and_fallback():
    assert io.safe_filename(".bashrc") == "bashrc"
    assert io.safe_filename("...") == "untitled"
    assert io.safe_filename("\x00\x01", fallback="page") == "page"

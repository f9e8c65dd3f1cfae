"""Bytes in, text out; text out to files safely.

- :func:`read_text` decodes one page: UTF-8 (with or without a BOM), UTF-16 with a
  BOM, GB18030 (a superset of GBK and GB2312), or a codec you name.
- :func:`atomic_write` writes a file so that an interrupted run leaves no half file.
- :func:`safe_filename` turns a headline into a file name that stays in its folder.

No click here: failures are :class:`InputError` / :class:`OutputError`, and the
command line turns them into messages.
"""
from __future__ import annotations

import codecs
import errno
import os
import random
import shutil
import sys
import unicodedata
from pathlib import Path

ENCODING_AUTO = "auto"
ERRORS_CHOICES: tuple[str, ...] = ("strict", "replace")

# Bytes below 0x20 that plain text uses: tab, LF, VT, FF, CR, and ESC (ANSI colour).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS) + b"\x7f"
# A sample with more than this share of other control bytes is binary.
_CONTROL_RATIO = 0.10
_SAMPLE = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MAX_NAME_BYTES = 255


class InputError(Exception):
    """A page that cannot be read as text; the message names the file."""


class DecodeError(InputError):
    """Bytes that the encoding cannot decode; ``offset`` is the first bad byte."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class NotTextError(InputError):
    """A binary file (NUL bytes, or mostly control bytes)."""


class OutputError(Exception):
    """An output that must not be written: it exists, or it is an input."""


def check_encoding(name: str) -> str:
    """The normalized name of a text codec, or ``auto``; :class:`LookupError` if unknown.

    >>> check_encoding("GBK")
    'gbk'
    >>> check_encoding("base64")
    Traceback (most recent call last):
    LookupError: base64 is not a text encoding
    """
    if name.lower() == ENCODING_AUTO:
        return ENCODING_AUTO
    info = codecs.lookup(name)  # LookupError for unknown names
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name} is not a text encoding")
    return info.name


def read_text(data: bytes, *, encoding: str = ENCODING_AUTO, errors: str = "strict", name: str = "<stdin>") -> str:
    """Decode the bytes of one page.

    With ``encoding="auto"``: a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32); else strict
    UTF-8; else strict GB18030. Binary data raises :class:`NotTextError`. Bytes that
    do not decode raise :class:`DecodeError` naming ``name`` and the byte offset, unless
    ``errors="replace"``. A named ``encoding`` is used as given (no binary test: you
    asked for it), so NUL characters reach the core, which removes them.

    >>> read_text("本报讯".encode("gb18030"))
    '本报讯'
    >>> read_text(b"\\xef\\xbb\\xbfabc")
    'abc'
    """
    if errors not in ERRORS_CHOICES:
        raise ValueError(f"errors must be one of {', '.join(ERRORS_CHOICES)}, not {errors!r}")
    if encoding.lower() != ENCODING_AUTO:
        return _decode(data, check_encoding(encoding), errors, name)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom):], codec, errors, name, start=len(bom))
    _refuse_binary(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            if errors == "replace":
                utf8 = data.decode("utf-8", "replace")
                gb = data.decode("gb18030", "replace")
                return gb if gb.count("\ufffd") < utf8.count("\ufffd") else utf8
            raise DecodeError(
                f"{name}: cannot decode: not UTF-8 ({_describe(utf8_error, data)}) "
                f"and not GB18030 ({_describe(gb_error, data)}); "
                "name the encoding with --encoding, or use --errors replace",
                utf8_error.start,
            ) from None


def _decode(data: bytes, codec: str, errors: str, name: str, start: int = 0) -> str:
    try:
        return data.decode(codec, errors)
    except UnicodeDecodeError as e:
        offset = start + e.start
        raise DecodeError(
            f"{name}: cannot decode as {codec}: {_describe(e, data, start)}; use --errors replace to go on",
            offset,
        ) from None


def _describe(error: UnicodeDecodeError, data: bytes, start: int = 0) -> str:
    offset = start + error.start
    bad = data[offset:start + error.end][:4]
    return f"byte{'s' if len(bad) > 1 else ''} {bad.hex(' ')} at offset {offset}"


def _refuse_binary(data: bytes, name: str) -> None:
    nul = data.find(b"\0")
    if nul >= 0:
        hint = "; if it is UTF-16 without a BOM, use --encoding utf-16-le (or -be)" if nul <= 1 else ""
        raise NotTextError(f"{name}: not text (a NUL byte at offset {nul}){hint}")
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > _CONTROL_RATIO:
        raise NotTextError(f"{name}: not text ({controls} control bytes in the first {len(sample)})")


def read_source(path: str, *, encoding: str = ENCODING_AUTO, errors: str = "strict") -> str:
    """Read and decode one page from a path, ``-`` meaning standard input."""
    if path == "-":
        return read_text(sys.stdin.buffer.read(), encoding=encoding, errors=errors, name="<stdin>")
    return read_text(read_bytes(path), encoding=encoding, errors=errors, name=path)


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a file, or :class:`InputError` saying why not (missing, a directory, ...)."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def atomic_write(path: str | os.PathLike, data: str | bytes, *, force: bool = False, mode: int | None = None) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` all at once.

    The bytes go to a temporary file in the same folder, which is then linked (or, with
    ``force``, renamed) to ``path``: a reader (or an interrupted run) sees the old file
    or the new one, never half of one. An existing ``path`` is an :class:`OutputError`
    unless ``force``: ``link()`` refuses an existing name, even one that appeared a
    moment ago, so not even a race overwrites anything. Missing parent folders are
    created. An :class:`OSError` names ``path``, never the temporary file. ``mode``
    sets the new file's permissions (``--in-place`` keeps the old file's).

    Every system call counts in a batch of thousands of pages: the temporary file is
    created with mode 0o666 so the kernel applies the umask (no chmod), written with
    ``os.write`` (no buffered file object: no isatty, lseek or fstat), and the target is
    not looked up first: the link does that. No fsync per file: that guards against a
    power cut, not an interrupted run, and would cost more than the work itself.
    """
    file = AtomicFile(path, force=force, mode=mode)
    try:
        file.write(data)
    except BaseException:
        file.discard()
        raise
    file.commit()


class AtomicFile:
    """A file written in pieces and put in place at once by :meth:`commit` (see
    :func:`atomic_write`); :meth:`discard` (or an exception in ``commit``) leaves nothing.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> out = AtomicFile(os.path.join(folder, "all.txt"))
    >>> out.write("甲\\n"); out.write("乙\\n"); out.commit()
    >>> open(os.path.join(folder, "all.txt"), encoding="utf-8").read(), os.listdir(folder)
    ('甲\\n乙\\n', ['all.txt'])
    """

    def __init__(self, path: str | os.PathLike, *, force: bool = False, mode: int | None = None) -> None:
        self.path = os.fspath(path)
        self.force = force
        folder, name = os.path.split(self.path)
        try:
            try:
                self._fd, self._tmp = _create_temporary(folder, name)
            except FileNotFoundError:  # a missing parent folder: make it, as split -o does
                os.makedirs(folder, exist_ok=True)
                self._fd, self._tmp = _create_temporary(folder, name)
            if mode is not None:
                os.fchmod(self._fd, mode)
        except OSError as error:
            raise self._named(error) from None

    def _named(self, error: OSError) -> OSError:
        """The error as one about the output path: a message should name what the user
        asked for, not a temporary file."""
        return OSError(error.errno, error.strerror or str(error), self.path)

    def write(self, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as error:
            raise self._named(error) from None

    def discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        try:
            os.unlink(self._tmp)
        except FileNotFoundError:
            pass

    def commit(self) -> None:
        path, tmp = self.path, self._tmp
        try:
            os.close(self._fd)
            self._fd = None
            if self.force:
                os.replace(tmp, path)
                return
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise OutputError(f"{path}: already exists; use --force to overwrite it") from None
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                if os.path.lexists(path):  # a file system without hard links: check, then rename
                    raise OutputError(f"{path}: already exists; use --force to overwrite it") from None
                os.replace(tmp, path)
                return
            os.unlink(tmp)
        except BaseException as error:
            self.discard()
            if isinstance(error, OSError):
                raise self._named(error) from None
            raise


def temporary_folder(path: str | os.PathLike) -> str:
    """Create ``.<name>.<random>.tmp`` beside the folder ``path`` (and the parents it
    needs), for :func:`replace_folder` to put in place once it is full."""
    path = os.fspath(path)
    parent, name = os.path.split(path.rstrip(os.sep))
    prefix = os.path.join(parent, f".{_cut(name, 100)}.")
    for _ in range(100):
        tmp = f"{prefix}{random.getrandbits(32):08x}.tmp"
        try:
            try:
                os.mkdir(tmp)
            except FileNotFoundError:
                os.makedirs(parent, exist_ok=True)
                os.mkdir(tmp)
            return tmp
        except FileExistsError:
            continue
        except OSError as error:
            raise OSError(error.errno, error.strerror or str(error), path) from None
    raise FileExistsError(errno.EEXIST, "no free temporary folder name", path)


def replace_folder(new: str, path: str | os.PathLike, *, force: bool = False) -> None:
    """Put the folder ``new`` (from :func:`temporary_folder`) in the place of ``path``,
    whole: afterwards ``path`` holds exactly what ``new`` held.

    An existing ``path`` that is not empty is an :class:`OutputError` unless ``force``;
    with ``force`` it is renamed aside, ``new`` takes its name, and only then is the
    old one deleted. Should the second rename fail (or be interrupted), the old folder
    goes back: ``path`` is the old folder or the new one, never a mix of both.
    """
    path = os.fspath(path)
    try:
        os.rename(new, path)  # no folder there, or an empty one
        return
    except OSError as error:
        if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise OSError(error.errno, error.strerror, path) from None
        if not os.path.isdir(path) or os.path.islink(path):
            raise OutputError(f"{path}: exists and is not a folder; refusing to replace it") from None
        if not force:
            raise OutputError(f"{path}: already exists; use --force to overwrite it") from None
    old = temporary_folder(path)  # a free name beside it ...
    os.rmdir(old)  # ... to rename the old folder to
    os.rename(path, old)
    try:
        os.rename(new, path)
    except BaseException:
        if not os.path.lexists(path):
            os.rename(old, path)
        raise
    shutil.rmtree(old, ignore_errors=True)


# link() errors that mean "this file system has no hard links", not "this write failed".
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS})


def _create_temporary(folder: str, name: str) -> tuple[int, str]:
    """Create ``.<name>.<random>.tmp`` in ``folder``, open for writing; its mode is 0o666
    less the umask, as for any new file."""
    prefix = os.path.join(folder, f".{_cut(name, 100)}.")
    for _ in range(100):
        tmp = f"{prefix}{random.getrandbits(32):08x}.tmp"  # O_EXCL makes a clash harmless
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", prefix)


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


# Characters never allowed in a file name made from a title: separators, and those
# Windows or a shell would trip over.
_UNSAFE = set('/\\:*?"<>|')


def safe_filename(stem: str, ext: str = "", taken: set[str] | None = None, *, fallback: str = "untitled",
                  start: int = 1) -> str:
    """A file name from ``stem`` (a title) that stays inside its folder.

    No path separators, control or invisible characters, no leading dot or space, at
    most 255 bytes in UTF-8 (cut on a character boundary), and not in ``taken``: the
    names given so far, casefolded (names are compared case-insensitively); the new
    name's casefold is added to it. A name already taken gets ``-2``, ``-3``, ...:
    ``start`` says where to begin counting (a caller naming many pages of one stem says
    how many came before, so that naming them all costs no more than once each).
    ``ext`` has no dot.

    >>> safe_filename("../etc/passwd", "txt")
    'etc_passwd.txt'
    >>> names = set()
    >>> safe_filename("a", "txt", names), safe_filename("A", "txt", names)
    ('a.txt', 'A-2.txt')
    """
    suffix = f".{ext}" if ext else ""
    cleaned = []
    for ch in unicodedata.normalize("NFC", stem):
        category = unicodedata.category(ch)
        if ch in _UNSAFE:
            cleaned.append("_")
        elif category[0] == "C" or category in ("Zl", "Zp"):
            continue  # control, format (zero-width), surrogate, private use, unassigned
        elif category == "Zs" or ch.isspace():
            cleaned.append(" ")
        else:
            cleaned.append(ch)
    name = " ".join("".join(cleaned).split())  # one space between words, none at the ends
    name = name.lstrip(". _-").rstrip(". ")
    if not name:
        name = fallback
    taken = set() if taken is None else taken  # (kept casefolded: no pass over it per name)
    n = max(1, start)
    while True:
        tail = f"-{n}" if n > 1 else ""
        candidate = _cut(name, MAX_NAME_BYTES - len((tail + suffix).encode("utf-8"))).rstrip(". ") or fallback
        candidate += tail + suffix
        if candidate.casefold() not in taken:
            break
        n += 1
    taken.add(candidate.casefold())
    return candidate


def _cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8, on a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", "ignore")

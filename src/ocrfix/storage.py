"""Where pages live: local paths, or fsspec URLs (``s3://bucket/pages/**/*.txt``, ``memory://...``).

A local path (and a ``file://`` URL, which is one) goes through :mod:`ocrfix.io`: atomic
writes that never overwrite without ``force``. Any other URL needs fsspec (the ``dask``
extra; ``s3://`` also needs s3fs, the ``s3`` extra), imported only when a URL is used:

- :func:`expand` lists the pages a URL names: a glob (``**`` for any depth), a folder
  (walked for a pattern, sorted, hidden names skipped, as a local folder is), or one file;
- :func:`read_bytes` reads one, failing with :class:`io.InputError` as a local read does;
- :func:`write` and :func:`write_folder` put whole objects (a reader sees the old object
  or the new one) and do not overwrite without ``force``: that is checked just before
  the put, so a writer racing this one on a store without conditional writes may still win.

``memory://`` lives in one process (:func:`process_local`): Dask workers or ``--jobs``
workers cannot see it, so the process that reads the command line reads and writes it.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Sequence

from . import io

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_GLOB = re.compile(r"[*?\[]")
FILE = "file://"
# File systems held in one process's memory, invisible to worker processes.
PROCESS_LOCAL = frozenset({"memory"})


class StorageError(Exception):
    """A URL that cannot be used: fsspec (or the file system's package) is missing, or
    the protocol is unknown. The message says what to install."""


def protocol(path: str | os.PathLike | None) -> str | None:
    """``s3`` for ``s3://b/k``; None for a local path (a ``file://`` URL is one).

    >>> protocol("s3://bucket/pages/*.txt"), protocol("pages/a.txt"), protocol("file:///tmp/a.txt")
    ('s3', None, None)
    """
    if not isinstance(path, str):
        return None
    match = _URL.match(path)
    if match is None or match.group(1).lower() == "file":
        return None
    return match.group(1).lower()


def is_url(path: str | os.PathLike | None) -> bool:
    """Whether ``path`` is a URL that fsspec must read (not a local path or ``file://``)."""
    return protocol(path) is not None


def local(path: str) -> str:
    """A ``file://`` URL as a local path; anything else unchanged.

    >>> local("file:///tmp/pages"), local("pages")
    ('/tmp/pages', 'pages')
    """
    return path[len(FILE):] if path.lower().startswith(FILE) else path


def process_local(path: str | os.PathLike | None) -> bool:
    """Whether ``path`` lives in this process's memory only (``memory://``)."""
    return protocol(path) in PROCESS_LOCAL


def join(folder: str | Path, name: str) -> str | Path:
    """``folder/name``: a :class:`Path` for a local folder, a URL for a URL."""
    if is_url(folder):
        return f"{str(folder).rstrip('/')}/{name}"
    return Path(folder) / name


def filesystem(url: str):
    """The fsspec file system of ``url`` and the path in it; :class:`StorageError` when
    fsspec or the protocol's package is missing."""
    try:
        import fsspec
    except ImportError:
        raise StorageError(f"{url}: reading and writing URLs needs fsspec: pip install 'ocrfix[dask]'") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as error:
        extra = "s3" if protocol(url) in ("s3", "s3a") else "dask"
        raise StorageError(f"{url}: {error} (pip install 'ocrfix[{extra}]')") from None
    except ValueError as error:
        raise StorageError(f"{url}: {error}") from None


def expand(url: str, pattern: str) -> list[tuple[str, str]]:
    """The pages ``url`` names, sorted, each as (URL, its path below the folder named):
    the files a glob matches (below the folder before the first wildcard), the files
    under a folder matching ``pattern`` (hidden names skipped), or ``url`` itself."""
    fs, path = filesystem(url)
    if _GLOB.search(path):
        found = fs.glob(path, detail=True)
        paths = [p for p, info in found.items() if info.get("type") == "file"]
        root = path[:_GLOB.search(path).start()].rsplit("/", 1)[0]
    elif fs.isdir(path):
        root = path.rstrip("/")
        paths = [p for p in fs.find(root) if fnmatch.fnmatchcase(PurePosixPath(p).name, pattern)]
    else:
        return [(url, PurePosixPath(path).name)]
    keyed = []
    for p in paths:
        relative = PurePosixPath(p[len(root):].lstrip("/")).parts if p.startswith(root) else PurePosixPath(p).parts
        if any(part.startswith(".") for part in relative):
            continue
        keyed.append((relative, p))
    return [(fs.unstrip_protocol(p), "/".join(relative)) for relative, p in sorted(keyed)]


def read_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a page, local or at a URL; :class:`io.InputError` saying why not."""
    if not is_url(path):
        return io.read_bytes(path)
    try:
        fs, inner = filesystem(path)
    except StorageError as error:
        raise io.InputError(str(error)) from None
    try:
        return fs.cat_file(inner)
    except FileNotFoundError:
        raise io.InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise io.InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise io.InputError(f"{path}: permission denied") from None
    except Exception as error:  # a store's own errors (network, credentials) say why
        raise io.InputError(f"{path}: cannot read: {error}") from None


def normalize(url: str) -> str:
    """One spelling of a URL (``memory://a`` and ``memory:///a`` are one object)."""
    fs, path = filesystem(url)
    return fs.unstrip_protocol(path)


def write(path: str | os.PathLike, data: str | bytes, *, force: bool = False) -> None:
    """Write one file: :func:`io.atomic_write` for a local path, one put for a URL (not
    over an existing object without ``force``)."""
    if not is_url(path):
        io.atomic_write(path, data, force=force)
        return
    fs, inner = filesystem(str(path))
    if not force and fs.exists(inner):
        raise io.OutputError(f"{path}: already exists; use --force to overwrite it")
    fs.pipe_file(inner, data.encode("utf-8") if isinstance(data, str) else data)


def write_folder(folder: str, files: Sequence[tuple[str, str | bytes]], *, force: bool = False) -> list[str]:
    """Make the URL ``folder`` hold ``files`` (name, data), put in order, as a local page
    folder is replaced whole: without ``force`` a folder that exists (holds anything) is
    refused; with it, its old ``index.json`` goes first (a run stopped half-way leaves no
    folder that passes for whole) and what it held besides ``files`` after the puts.
    One listing before, and one delete for what is left over."""
    fs, root = filesystem(folder)
    root = root.rstrip("/")
    try:
        held = [p.rstrip("/") for p in fs.ls(root, detail=False, refresh=True)]
    except TypeError:  # a file system whose ls takes no refresh
        held = [p.rstrip("/") for p in fs.ls(root, detail=False)]
    except (FileNotFoundError, NotADirectoryError):
        held = []
    if held and not force:
        raise io.OutputError(f"{folder}: already exists; use --force to overwrite it")
    index = f"{root}/index.json"
    if index in held:  # (an old index beside new items would pass for a whole folder if the run stops)
        fs.rm(index)
        held.remove(index)
    targets = [f"{root}/{name}" for name, _data in files]
    for target, (_name, data) in zip(targets, files):
        fs.pipe_file(target, data.encode("utf-8") if isinstance(data, str) else data)
    names = {name for name, _data in files}
    stale = [p for p in held if PurePosixPath(p).name not in names]
    if stale:
        fs.rm(stale, recursive=True)
    return [fs.unstrip_protocol(t) for t in targets]


def exists(path: str | os.PathLike) -> bool:
    """Whether a local path or a URL names something that exists."""
    if not is_url(path):
        return os.path.exists(path)
    fs, inner = filesystem(str(path))
    return fs.exists(inner)


def split_complete(folder: str) -> bool:
    """Whether the URL ``folder`` holds a page's whole output: an ``index.json`` that
    reads, and every file it lists (one read and one listing)."""
    try:
        fs, root = filesystem(folder)
        root = root.rstrip("/")
        index = json.loads(fs.cat_file(f"{root}/index.json"))
        present = {PurePosixPath(p.rstrip("/")).name for p in fs.ls(root, detail=False)}
        return all(row["file"] in present for row in index["items"])
    except (OSError, ValueError, KeyError, TypeError, StorageError):
        return False


def make_folder(url: str) -> None:
    """Make the output folder ``url`` where the store has folders (object stores have
    none: a key's prefix is its folder)."""
    if process_local(url):
        fs, path = filesystem(url)
        fs.makedirs(path, exist_ok=True)

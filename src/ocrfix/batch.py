"""Many pages in one run: find them, process them (in worker processes), write the results.

- :func:`expand` turns the command line's paths into :class:`Source` pages: a folder is
  walked for ``*.txt`` (recursively, sorted), ``-`` is standard input.
- :class:`Run` processes the pages, in parallel with ``jobs > 1``, and gives the
  results back in input order. Workers read, decode, clean or split, check and render a
  page (``split -o`` writes the page's own folder there); the main process prints in
  input order, so output is the same whatever ``jobs`` is.
- :class:`Outputs` writes files: atomically, never over an existing file without
  ``force``, never over an input.

Pages and outputs may be fsspec URLs as well as paths (see :mod:`ocrfix.storage`). The
Dask engine (:mod:`ocrfix.dask_engine`) runs the same :func:`process` on each page.

One bad page does not stop a batch: its :class:`PageResult` carries the error.
"""
from __future__ import annotations

import collections
import itertools
import json
import os
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Literal, Sequence

from . import convert, io, render, storage
from .api import clean, split
from .check import CheckFailure, check
from .config import Config
from .page import Item

Mode = Literal["clean", "split"]
DEFAULT_GLOB = "*.txt"
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One page to read: ``name`` as messages show it (the path, or ``-``); ``data`` holds
    standard input's bytes, read once in the main process; ``error`` is set when the
    argument named no page (a folder without pages)."""

    name: str
    path: str | None = None
    data: bytes | None = None
    error: str | None = None
    # Where ``split -o`` writes this page's items (a folder), set by the caller.
    target: str | None = None

    @property
    def stem(self) -> str:
        return Path(self.path).stem if self.path else "stdin"


def expand(args: Sequence[str], pattern: str = DEFAULT_GLOB, *, stdin: bytes | None = None) -> list[Source]:
    """The pages the arguments name, in argument order; no argument means ``-``.

    A folder gives the files under it matching ``pattern`` (recursively, sorted; hidden
    files and folders are skipped); a folder without any is a :class:`Source` with an
    error. ``-`` is standard input (``stdin``, or read from ``sys.stdin`` once).
    A missing file is passed on: reading it reports the error.
    """
    sources: list[Source] = []
    for arg in args or [STDIN]:
        if arg == STDIN:
            if stdin is None:
                stdin = sys.stdin.buffer.read()
            sources.append(Source(STDIN, None, stdin))
        elif storage.is_url(arg):
            sources.extend(_expand_url(arg, pattern))
        elif os.path.isdir(storage.local(arg)):
            found = _walk(Path(storage.local(arg)), pattern)
            if not found:
                sources.append(Source(arg, arg, error=f"{arg}: a folder without pages (no files matching {pattern})"))
            sources.extend(Source(str(p), str(p)) for p in found)
        else:
            sources.append(Source(arg, storage.local(arg)))
    return sources


def _expand_url(arg: str, pattern: str) -> list[Source]:
    """The pages under a URL (:class:`storage.StorageError` without fsspec). Pages held in
    this process's memory are read now, so that worker processes get their bytes."""
    urls = storage.expand(arg, pattern)
    if not urls:
        return [Source(arg, arg, error=f"{arg}: no pages there (no files matching)")]
    if not storage.process_local(arg):
        return [Source(url, url) for url in urls]
    sources = []
    for url in urls:
        try:
            sources.append(Source(url, url, storage.read_bytes(url)))
        except io.InputError as error:
            sources.append(Source(url, url, error=str(error)))
    return sources


def _walk(root: Path, pattern: str) -> list[Path]:
    found = []
    for path in root.rglob(pattern):
        relative = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative) or not path.is_file():
            continue
        found.append((relative, path))
    return [path for _relative, path in sorted(found)]


@dataclass(frozen=True)
class Job:
    """What to do with each page (sent to the workers, so plain data)."""

    mode: Mode
    config: Config
    encoding: str = io.ENCODING_AUTO
    errors: str = "strict"
    check: bool = False
    # With a ``target`` on the source, the worker writes the page's files itself (in
    # this format), so that writing runs in parallel too: see :class:`Outputs`.
    file_format: str | None = None
    force: bool = False
    inputs: tuple[str, ...] = ()


@dataclass
class PageResult:
    """What became of one page: the cleaned ``text`` or the ``items``; or an ``error``."""

    source: Source
    text: str | None = None
    items: list[Item] = field(default_factory=list)
    error: str | None = None
    check_failure: CheckFailure | None = None
    empty: bool = False
    # Rendered in the worker, so that the main process only copies bytes: JSON Lines
    # of the items (split without -o), how many items, whether it reads Traditional.
    output: str | None = None
    item_count: int = 0
    traditional: bool = False
    # A page's files (name, text) for a folder only the main process can write (memory://).
    files: list[tuple[str, str]] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.check_failure is None


def process(source: Source, job: Job) -> PageResult:
    """Read, decode, clean or split, and check one page. Never raises for a bad page."""
    result = PageResult(replace(source, data=None))
    if source.error:
        result.error = source.error
        return result
    try:
        data = source.data if source.data is not None else storage.read_bytes(source.path)
        text = io.read_text(data, encoding=job.encoding, errors=job.errors, name=source.name)
    except io.InputError as error:
        result.error = str(error)
        return result
    result.empty = not text.strip()
    try:
        if job.mode == "clean":
            result.text = clean(text, job.config)
        else:
            result.items = split(text, job.config)
        if job.check:
            result.check_failure = _check(text, result, job)
    except Exception as error:  # a bug in a step must not stop the batch; say which page
        result.error = f"{source.name}: ocrfix failed on this page ({type(error).__name__}: {error}); please report it"
        return result
    result.item_count = len(result.items)
    if job.config.convert is None:
        result.traditional = convert.mostly_traditional(_sample(result))
    if job.mode == "split":
        if source.target is not None and job.file_format is not None and storage.process_local(source.target):
            result.files = page_files(result, job.file_format)  # the main process writes them
        elif source.target is not None and job.file_format is not None:
            try:
                write_split(result, source.target, job.file_format, _outputs(job))
            except io.OutputError as error:
                result.error = str(error)
            except OSError as error:
                result.error = f"{error.filename or source.name}: cannot write: {error.strerror or error}"
        else:
            result.output = jsonl(result)
        result.items = []  # done with: no need to send them back
    return result


def _sample(result: PageResult) -> str:
    if result.text is not None:
        return result.text
    return "\n".join(t for item in result.items[:20] for t in (item.title, *item.paragraphs) if t)


_OUTPUTS: tuple["Job", "Outputs"] | None = None  # the last job's, and the job itself


def _outputs(job: "Job") -> "Outputs":
    """The :class:`Outputs` of ``job``, made once per job (and per worker). Found by the
    job's identity: hashing its inputs, a tuple of every page's path, for each page
    would cost a batch of n pages n times n."""
    global _OUTPUTS
    if _OUTPUTS is None or _OUTPUTS[0] is not job:
        _OUTPUTS = (job, Outputs(job.inputs, force=job.force))
    return _OUTPUTS[1]


def _check(text: str, result: PageResult, job: Job) -> CheckFailure | None:
    # OpenCC may change characters on purpose: check the same run without the conversion.
    if job.config.convert is None:
        output = result.text if job.mode == "clean" else result.items
    else:
        plain = job.config.replace(convert=None)
        output = clean(text, plain) if job.mode == "clean" else split(text, plain)
    return check(text, output)


_WORKER_JOB: Job | None = None  # a worker's job, sent once when it starts


def _start_worker(job: Job) -> None:
    # Ctrl-C is the main process's business: it stops the pool; workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _WORKER_JOB
    _WORKER_JOB = job


def _process_in_worker(source: Source) -> PageResult:
    assert _WORKER_JOB is not None
    return process(source, _WORKER_JOB)


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Run:
    """Process ``sources`` and iterate over their results in input order.

    Use it as a context manager: the worker pool (only for ``jobs > 1`` and more than
    one page) starts on entry, before any other thread (a progress bar) does, and is
    shut down on exit. At most a few pages per worker are queued ahead of the one being
    read; leaving early (``--fail-fast``, Ctrl-C, a closed pipe) cancels the queued pages
    and waits for the ones in progress. Workers are never killed: a worker killed in the
    middle of sending its result leaves the pool's reader waiting forever.
    """

    AHEAD = 4  # pages queued per worker

    def __init__(self, sources: Sequence[Source], job: Job, jobs: int = 1) -> None:
        self.sources = list(sources)
        self.job = job
        self.jobs = max(1, min(jobs, len(self.sources)))
        self._pool: ProcessPoolExecutor | None = None
        self._queued: collections.deque[Future[PageResult]] = collections.deque()
        self._results: Iterator[PageResult] | None = None

    def __enter__(self) -> "Run":
        if self.jobs > 1:
            # The job (settings, the list of inputs) goes to each worker once, not with every page.
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_start_worker, initargs=(self.job,))
            self._results = self._in_order(self._pool)
        else:
            self._results = (process(source, self.job) for source in self.sources)
        return self

    def _in_order(self, pool: ProcessPoolExecutor) -> Iterator[PageResult]:
        pending = iter(self.sources)
        for source in itertools.islice(pending, self.jobs * self.AHEAD):
            self._queued.append(pool.submit(_process_in_worker, source))
        while self._queued:
            result = self._queued[0].result()
            self._queued.popleft()
            for source in itertools.islice(pending, 1):
                self._queued.append(pool.submit(_process_in_worker, source))
            yield result

    def __iter__(self) -> Iterator[PageResult]:
        assert self._results is not None, "use Run as a context manager"
        return self._results

    def __exit__(self, kind, value, traceback) -> None:
        if self._pool is None:
            return
        for future in self._queued:
            future.cancel()
        self._queued.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


class Outputs:
    """Writes result files: atomically (see :func:`io.atomic_write`), never over an
    existing file unless ``force``, and never over one of the ``inputs``."""

    def __init__(self, inputs: Iterable[str] = (), *, force: bool = False) -> None:
        self.force = force
        self._inputs: set[tuple[int, int]] = set()
        self._input_paths: set[Path] = set()
        self._input_urls: set[str] = set()
        self._folders: dict[Path, Path] = {}
        for path in inputs:
            if storage.is_url(path):
                self._input_urls.add(path)
                continue
            try:
                stat = os.stat(path)
            except OSError:
                continue
            self._inputs.add((stat.st_dev, stat.st_ino))
            self._input_paths.add(Path(path).resolve())

    def refuse(self, path: Path) -> None:
        """Raise :class:`io.OutputError` if ``path`` must not be written."""
        if self._resolved(Path(path)) in self._input_paths:
            raise io.OutputError(f"{path}: is an input; refusing to write the output over it")
        if not os.path.lexists(path):
            return  # the usual case, in one system call: nothing there to overwrite
        if self._is_input(path):  # a link to an input, or another name for it
            raise io.OutputError(f"{path}: is an input; refusing to write the output over it")
        if not self.force:
            raise io.OutputError(f"{path}: already exists; use --force to overwrite it")

    def _resolved(self, path: Path) -> Path:
        # A page's items share a folder: resolve it once (a dozen lstat calls), not per file.
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        return folder / path.name

    def _is_input(self, path: Path) -> bool:
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) in self._inputs

    def write(self, path: Path | str, data: str | bytes) -> None:
        if storage.is_url(path):
            self._refuse_url(str(path))
            storage.write(path, data, force=self.force)
            return
        self.refuse(path)
        io.atomic_write(path, data, force=self.force)

    def write_page(self, folder: Path | str, files: Sequence[tuple[str, str]]) -> list:
        """Write one page's ``files`` (name, text) into ``folder``, in order. Every target
        is checked before anything is written: a page that cannot be written whole is not
        written at all."""
        if storage.is_url(folder):
            for name, _text in files:
                self._refuse_url(str(storage.join(folder, name)))
            return storage.write_files(str(folder), files, force=self.force)
        folder = Path(folder)
        targets = [folder / name for name, _text in files]
        for target in targets:
            self.refuse(target)
        folder.mkdir(parents=True, exist_ok=True)
        for target, (_name, text) in zip(targets, files):
            io.atomic_write(target, text, force=self.force)  # checked above
        return targets

    def _refuse_url(self, url: str) -> None:
        if self._input_urls and (url in self._input_urls or storage.normalize(url) in self._input_urls):
            raise io.OutputError(f"{url}: is an input; refusing to write the output over it")


def folder_names(sources: Sequence[Source], ext: str = "") -> list[str]:
    """One safe, unique file (or folder) name per page, from its stem, in input order:
    ``a``, ``a-2`` for two pages called ``a.txt``."""
    taken: set[str] = set()
    seen: collections.Counter[str] = collections.Counter()  # pages of each stem so far
    names = []
    for source in sources:
        key = source.stem.casefold()
        seen[key] += 1
        names.append(io.safe_filename(source.stem, ext, taken, fallback="page", start=seen[key]))
    return names


def item_label(item: Item) -> str:
    """The title of an item, or what it is: ``untitled`` (an article), ``caption``, ``other``."""
    if item.title and item.title.strip():
        return item.title
    return {"article": "untitled", "caption": "caption"}.get(item.kind, "other")


def item_files(items: Sequence[Item], ext: str) -> list[str]:
    """``NN-<title>.<ext>`` for each item, numbered from 01, safe and unique."""
    width = max(2, len(str(len(items))))
    taken = {"index.json"}
    return [io.safe_filename(f"{n:0{width}d}-{item_label(item)}", ext, taken) for n, item in enumerate(items, start=1)]


def page_files(result: PageResult, fmt: str) -> list[tuple[str, str]]:
    """One page's files, (name, text) in writing order: ``NN-<title>.<fmt>`` per item,
    then ``index.json`` (last: a folder with an index is whole)."""
    renderer = render.FORMATS[fmt]
    index = {"page": result.source.name, "items": []}
    files = []
    for item, name in zip(result.items, item_files(result.items, fmt)):
        files.append((name, renderer(item)))
        index["items"].append({**item.to_dict(), "file": name})
    files.append(("index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n"))
    return files


def write_split(result: PageResult, folder: Path | str, fmt: str, outputs: Outputs) -> list:
    """Write one page's items into ``folder`` (a path or a URL) as ``NN-<title>.<fmt>``
    plus ``index.json``, all or nothing (see :meth:`Outputs.write_page`)."""
    return outputs.write_page(folder, page_files(result, fmt))


def shard_name(number: int) -> str:
    """The file of the ``number``-th JSON Lines shard (from 0): ``part-00000.jsonl``."""
    return f"part-{number:05d}.jsonl"


class Shards:
    """``split --format jsonl -o DIR``: the JSON Lines of every ``size`` pages in input
    order (a partition) go to one shard, ``DIR/part-00000.jsonl``, ... A shard is written
    whole once the results reach the next partition, and by :meth:`close`; a partition
    whose pages all failed has no shard."""

    def __init__(self, folder: Path | str, size: int) -> None:
        self.folder, self.size = folder, max(1, size)
        self._number: int | None = None
        self._parts: list[str] = []

    def add(self, n: int, text: str, outputs: Outputs) -> None:
        """The JSON Lines of the ``n``-th page (from 0); writes the shard before it when
        this page starts a new one (an :class:`io.OutputError` is about that shard)."""
        done = None
        if self._number is not None and n // self.size != self._number:
            done = (self._number, self._parts)
            self._parts = []
        self._number = n // self.size
        self._parts.append(text)
        if done is not None:
            self._write(*done, outputs)

    def close(self, outputs: Outputs) -> None:
        """Write the last shard."""
        if self._number is not None:
            done = (self._number, self._parts)
            self._number, self._parts = None, []
            self._write(*done, outputs)

    def _write(self, number: int, parts: list[str], outputs: Outputs) -> None:
        outputs.write(storage.join(self.folder, shard_name(number)), "".join(parts))


def jsonl(result: PageResult) -> str:
    """The items of one page as JSON Lines, each with a ``page`` field."""
    return "".join(render.item_jsonl(item, page=result.source.name) for item in result.items)

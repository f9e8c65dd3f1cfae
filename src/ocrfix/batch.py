"""Many pages in one run: find them, process them (in worker processes), write the results.

- :func:`expand` turns the command line's paths into :class:`Source` pages: a folder is
  walked for ``*.txt`` (recursively, sorted), ``-`` is standard input.
- :class:`Run` processes the pages, in parallel with ``jobs > 1``, and gives the
  results back in input order. Workers read, decode, clean or split, verify and render a
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
import contextlib
import difflib
import itertools
import json
import os
import posixpath
import shutil
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Literal, Sequence

import regex

from . import conventions, convert, io, render, storage
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
    # The path below the folder argument it was found in (``2020-12-01/p1.txt``), or
    # below the folder that all file arguments share: mirrored under ``-o``.
    relative: str | None = None

    @property
    def stem(self) -> str:
        return Path(self.path).stem if self.path else "stdin"


def expand(args: Sequence[str], pattern: str = DEFAULT_GLOB, *, stdin: bytes | None = None,
           exclude: str | os.PathLike | None = None) -> list[Source]:
    """The pages the arguments name, in argument order; no argument means ``-``.

    A folder gives the files under it matching ``pattern`` (recursively, sorted; hidden
    files and folders are skipped, and so is the folder ``exclude``, the output, so
    that a rerun never reads its own output as pages); a folder without any is a
    :class:`Source` with an error. ``-`` is standard input (``stdin``, or read from
    ``sys.stdin`` once). A missing file is passed on: reading it reports the error.
    Each page's ``relative`` path is the one mirrored under ``-o``: below its folder
    argument, or below the folder all the file arguments share.
    """
    sources: list[Source] = []
    files: list[int] = []  # indices of the file arguments
    for arg in args or [STDIN]:
        if arg == STDIN:
            if stdin is None:
                stdin = sys.stdin.buffer.read()
            sources.append(Source(STDIN, None, stdin, relative="stdin"))
        elif storage.is_url(arg):
            sources.extend(_expand_url(arg, pattern))
        elif os.path.isdir(storage.local(arg)):
            found = _walk(Path(storage.local(arg)), pattern, exclude)
            if not found:
                sources.append(Source(arg, arg, error=f"{arg}: a folder without pages (no files matching {pattern})"))
            sources.extend(Source(str(p), str(p), relative=relative) for p, relative in found)
        else:
            files.append(len(sources))
            sources.append(Source(arg, storage.local(arg)))
    if files:
        absolute = [os.path.abspath(sources[n].path) for n in files]
        try:
            common = os.path.commonpath([os.path.dirname(a) for a in absolute])
        except ValueError:  # pragma: no cover - different drives (Windows)
            common = None
        for n, path in zip(files, absolute):
            relative = Path(os.path.relpath(path, common)).as_posix() if common else Path(path).name
            sources[n] = replace(sources[n], relative=relative)
    return sources


def _expand_url(arg: str, pattern: str) -> list[Source]:
    """The pages under a URL, each with its path below the URL's folder (mirrored under
    ``-o``); :class:`storage.StorageError` without fsspec. Pages held in this process's
    memory are read now, so that worker processes get their bytes."""
    found = storage.expand(arg, pattern)
    if not found:
        return [Source(arg, arg, error=f"{arg}: no pages there (no files matching)")]
    sources = []
    for url, relative in found:
        if not storage.process_local(arg):
            sources.append(Source(url, url, relative=relative))
            continue
        try:
            sources.append(Source(url, url, storage.read_bytes(url), relative=relative))
        except io.InputError as error:
            sources.append(Source(url, url, error=str(error), relative=relative))
    return sources


def _walk(root: Path, pattern: str, exclude: str | os.PathLike | None = None) -> list[tuple[Path, str]]:
    skip = _inside(exclude, root) if exclude is not None else None
    page_folders: dict[Path, bool] = {}  # with the output in root itself: folders split -o wrote
    found = []
    for path in root.rglob(pattern):
        relative = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative) or not path.is_file():
            continue
        if skip and relative[: len(skip)] == skip:
            continue
        if skip == ():
            folder = path.parent
            if folder not in page_folders:
                page_folders[folder] = folder != root and (folder / "index.json").is_file()
            if page_folders[folder]:
                continue
        found.append((relative, path))
    return [(path, "/".join(relative)) for relative, path in sorted(found)]


def _inside(folder: str | os.PathLike, root: Path) -> tuple[str, ...] | None:
    """The parts of ``folder``'s path below ``root`` (``()`` for root itself), if it lies
    inside it."""
    relative = os.path.relpath(os.path.realpath(folder), os.path.realpath(root))
    if relative == os.curdir:
        return ()
    if relative.split(os.sep)[0] == os.pardir:
        return None
    return tuple(relative.split(os.sep))


@dataclass(frozen=True)
class Job:
    """What to do with each page (sent to the workers, so plain data)."""

    mode: Mode
    config: Config
    encoding: str = io.ENCODING_AUTO
    errors: str = "strict"
    verify: bool = False
    # With a ``target`` on the source, the worker writes the page's files itself (in
    # this format), so that writing runs in parallel too: see :class:`Outputs`.
    file_format: str | None = None
    force: bool = False
    inputs: tuple[str, ...] = ()
    # clean --check / --diff / --in-place: compare the cleaned page with its bytes, and
    # with ``diff`` render the unified diff (in the worker, where the input is at hand).
    compare: bool = False
    diff: bool = False


@dataclass
class PageResult:
    """What became of one page: the cleaned ``text`` or the ``items``; or an ``error``."""

    source: Source
    text: str | None = None
    items: list[Item] = field(default_factory=list)
    error: str | None = None
    verify_failure: CheckFailure | None = None
    empty: bool = False
    # Rendered in the worker, so that the main process only copies bytes: JSON Lines
    # of the items (split without -o), how many items, whether it reads Traditional.
    output: str | None = None
    item_count: int = 0
    traditional: bool = False
    # With ``Job.compare``: whether cleaning changes the file's bytes, and its diff.
    changed: bool = False
    diff: str | None = None
    # A page's files (name, text) for a folder only the main process can write (memory://).
    files: list[tuple[str, str]] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.verify_failure is None


def process(source: Source, job: Job) -> PageResult:
    """Read, decode, clean or split, and verify one page. Never raises for a bad page."""
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
        if job.verify:
            result.verify_failure = _verify(text, result, job)
    except Exception as error:  # a bug in a step must not stop the batch; say which page
        result.error = f"{source.name}: ocrfix failed on this page ({type(error).__name__}: {error}); please report it"
        return result
    result.item_count = len(result.items)
    if job.compare and result.text is not None:
        result.changed = result.text.encode("utf-8") != data
        if job.diff and result.changed:
            result.diff = unified_diff(text, result.text, source.name)
    if job.config.convert is None:
        result.traditional = convert.mostly_traditional(_sample(result))
    if job.mode == "split":
        if result.verify_failure:
            pass  # a page that lost text is written nowhere: its old output, if any, stays
        elif source.target is not None and job.file_format is not None and storage.process_local(source.target):
            result.files = page_files(result, job.file_format)  # the main process writes them
        elif source.target is not None and job.file_format is not None:
            try:
                write_split(result, source.target, job.file_format, _outputs(job))
            except io.OutputError as error:
                result.error = str(error)
            except OSError as error:
                result.error = f"{error.filename or source.name}: cannot write: {error.strerror or error}"
        else:
            result.output = printed(result, job.file_format)
        result.items = []  # done with: no need to send them back
    return result


def unified_diff(before: str, after: str, name: str) -> str:
    """The unified diff from ``before`` to ``after``, as ``diff -u`` (or black) prints it;
    line endings other than LF show as changes too.

    >>> unified_diff("甲 乙\\n", "甲乙\\n", "p.txt").splitlines()
    ['--- p.txt\\t(original)', '+++ p.txt\\t(cleaned)', '@@ -1 +1 @@', '-甲 乙', '+甲乙']
    """
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"{name}\t(original)", f"{name}\t(cleaned)")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


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


def _verify(text: str, result: PageResult, job: Job) -> CheckFailure | None:
    # OpenCC may change characters on purpose: check the same run without the conversion.
    if job.config.convert is None:
        output = result.text if job.mode == "clean" else result.items
    else:
        plain = job.config.replace(convert=None)
        output = clean(text, plain) if job.mode == "clean" else split(text, plain)
    return check(text, output)


class Interrupted(BaseException):
    """A stop signal (SIGTERM; SIGINT in a worker) unwinding the run as Ctrl-C does:
    temporary files go, and nothing else is written. ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_CRITICAL = 0  # how many sections that must not be cut are open (a write being put in place)
_PENDING: int | None = None  # a stop signal that came inside one


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """A section that a stop signal must not cut: an output being written and put in
    place. A signal that comes inside takes effect at its end, so that the output is
    whole and its temporary file gone, never left half way."""
    global _CRITICAL, _PENDING
    _CRITICAL += 1
    try:
        yield
    finally:
        _CRITICAL -= 1
        if not _CRITICAL and _PENDING is not None:
            signum, _PENDING = _PENDING, None
            raise Interrupted(signum)


def _stop(signum: int) -> None:
    """Stop now (raise :class:`Interrupted`), or at the end of an :func:`uninterrupted` section."""
    global _PENDING
    if _CRITICAL:
        _PENDING = signum
    else:
        raise Interrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """In the main process, while a run lasts: SIGTERM and SIGINT raise
    :class:`Interrupted` (at once, or at the end of an :func:`uninterrupted` write), so
    that ``kill`` stops a run as cleanly as Ctrl-C. Once a stop has begun, further
    signals are ignored (the clean-up runs to its end)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set in the main thread
        return
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        _stop(signum)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


_WORKER_JOB: Job | None = None  # a worker's job, sent once when it starts
_WORKER_BUSY = False  # on a page now
_WORKER_STOPPING: int | None = None  # the stop signal that came: take no page any more


def _start_worker(job: Job) -> None:
    # A stop signal (the terminal's Ctrl-C reaches the whole process group; the main
    # process passes SIGTERM on) ends the page in progress by an exception, which goes
    # back to the main process as the page's result (a page being written is written
    # whole first: see uninterrupted); a worker between pages only notes it, and takes
    # no other. The pool then ends the workers.
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop_worker)
    global _WORKER_JOB
    _WORKER_JOB = job


def _stop_worker(signum: int, frame: object) -> None:
    global _WORKER_STOPPING
    if _WORKER_STOPPING is not None:
        return  # already unwinding: let the clean-up finish
    _WORKER_STOPPING = signum
    if _WORKER_BUSY:
        _stop(signum)


def _process_in_worker(source: Source) -> PageResult:
    global _WORKER_BUSY
    assert _WORKER_JOB is not None
    if _WORKER_STOPPING is not None:
        raise Interrupted(_WORKER_STOPPING)
    _WORKER_BUSY = True
    try:
        return process(source, _WORKER_JOB)
    finally:
        _WORKER_BUSY = False


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
    and waits for the ones in progress; on Ctrl-C or SIGTERM the workers are signalled
    to end their pages at once (see :func:`_start_worker`). Workers are never killed: a
    worker killed in the middle of sending its result leaves the pool's reader waiting
    forever.
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
        if kind is not None and issubclass(kind, (KeyboardInterrupt, Interrupted)):
            self._stop_workers(value.signum if isinstance(value, Interrupted) else signal.SIGINT)
        for future in self._queued:
            future.cancel()
        self._queued.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None

    def _stop_workers(self, signum: int) -> None:
        """Pass a stop signal on to the workers (``kill PID`` reaches the main process
        only): each ends its page and takes no other."""
        for pid in list(getattr(self._pool, "_processes", None) or ()):
            try:
                os.kill(pid, signum)
            except OSError:  # already gone
                pass


class Outputs:
    """Writes result files: atomically (see :func:`io.atomic_write`), never over an
    existing file unless ``force``, and never over one of the ``inputs``."""

    def __init__(self, inputs: Iterable[str] = (), *, force: bool = False) -> None:
        self.force = force
        self._inputs: set[tuple[int, int]] = set()
        self._input_paths: set[Path] = set()
        self._input_folders: set[Path] = set()  # every folder an input lies in, up to the root
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
            resolved = Path(path).resolve()
            self._input_paths.add(resolved)
            for folder in resolved.parents:
                if folder in self._input_folders:
                    break  # and so are its parents
                self._input_folders.add(folder)

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

    def refuse_folder(self, folder: Path) -> None:
        """Raise :class:`io.OutputError` if the folder ``folder`` must not be replaced:
        it holds an input, or it exists (not empty) and there is no ``force``."""
        resolved = self._resolved(Path(folder))
        if resolved in self._input_folders or resolved in self._input_paths:
            raise io.OutputError(f"{folder}: holds an input; refusing to replace it with the output")
        if not self.force and os.path.isdir(folder) and any(os.scandir(folder)):
            raise io.OutputError(f"{folder}: already exists; use --force to overwrite it")

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

    def write_folder(self, folder: str, files: Sequence[tuple[str, str]]) -> list[str]:
        """Make the URL ``folder`` hold one page's ``files`` (name, text), as
        :func:`write_split` does a local folder (see :func:`storage.write_folder`)."""
        for name, _text in files:
            self._refuse_url(str(storage.join(folder, name)))
        return storage.write_folder(folder, files, force=self.force)

    def _refuse_url(self, url: str) -> None:
        if self._input_urls and (url in self._input_urls or storage.normalize(url) in self._input_urls):
            raise io.OutputError(f"{url}: is an input; refusing to write the output over it")


def folder_names(sources: Sequence[Source], ext: str = "") -> list[str]:
    """One safe, unique output path per page, relative to ``-o``, in input order: the
    page's ``relative`` folders mirrored (``2020-12-01/p1.txt`` gives
    ``2020-12-01/p1``), then its stem; ``a``, ``a-2`` for two pages called ``a.txt``
    in one folder, or for ``a.txt`` beside a folder ``a/`` of pages."""
    taken: dict[str, set[str]] = collections.defaultdict(set)  # names given, per folder
    for source in sources:  # each mirrored folder is a name taken in the folder above it (a/ beside a.txt)
        parts = posixpath.dirname(source.relative).split("/") if source.relative else []
        for depth, part in enumerate(parts):
            if part:
                taken["/".join(parts[:depth]).casefold()].add(part.casefold())
    seen: collections.Counter[tuple[str, str]] = collections.Counter()  # pages of each stem so far
    names = []
    for source in sources:
        parent = posixpath.dirname(source.relative) if source.relative else ""
        key = (parent.casefold(), source.stem.casefold())
        seen[key] += 1
        name = io.safe_filename(source.stem, ext, taken[key[0]], fallback="page", start=seen[key])
        names.append(posixpath.join(parent, name) if parent else name)
    return names


#: How much of an untitled item's text names its file: display width (a Chinese
#: character counts 1, a Latin letter or digit 0.5), whole Latin words.
FIRST_WORDS_WIDTH = 11
_WORD = regex.compile(r"\p{Han}|[\p{L}\p{N}]+")


def first_words(text: str, width: float = FIRST_WORDS_WIDTH) -> str:
    """The opening words of ``text`` without punctuation, a dateline or the reporters in
    parentheses after it, about ``width`` wide: a file name for an untitled item.

    >>> first_words("本报讯（记者郭树勋）植树造林滋沃土，防风固沙护蓝天。12月6日上午")
    '植树造林滋沃土防风固沙'
    >>> first_words("The quick brown fox jumps over the lazy dog")
    'The quick brown fox jumps'
    """
    printed = conventions.dateline(text)
    if printed:
        text = text[len(printed):]
        text = _PARENTHESES.sub("", text, count=1)
    words: list[str] = []
    used = 0.0
    for word in _WORD.findall(text):
        cost = 1.0 if len(word) == 1 and regex.match(r"\p{Han}", word) else 0.5 * len(word)
        if words and used + cost > width:
            break
        if words and not regex.match(r"\p{Han}", word) and not regex.match(r"\p{Han}", words[-1]):
            words.append(" ")
        words.append(word)
        used += cost
    return "".join(words)


_PARENTHESES = regex.compile(r"^[\s\u3000]*[（(][^）)\n]{0,60}[）)]")


def item_label(item: Item) -> str:
    """The title of an item; or, without one, its first words (``植树造林滋沃土防风固沙``);
    or, without any text, what it is: ``untitled`` (an article), ``caption``, ``other``."""
    if item.title and item.title.strip():
        return item.title
    for text in (item.subtitle, *item.paragraphs, item.byline):
        words = first_words(text) if text else ""
        if words:
            return words
    return {"article": "untitled", "caption": "caption"}.get(item.kind, "other")


def item_files(items: Sequence[Item], ext: str) -> list[str]:
    """``NN-<title>.<ext>`` for each item, numbered from 01, safe and unique."""
    width = max(2, len(str(len(items))))
    taken = {"index.json"}
    return [io.safe_filename(f"{n:0{width}d}-{item_label(item)}", ext, taken) for n, item in enumerate(items, start=1)]


def page_files(result: PageResult, fmt: str) -> list[tuple[str, str]]:
    """One page's files, (name, text) in writing order: ``NN-<title>.<fmt>`` per item,
    then ``index.json`` listing them."""
    renderer = render.FORMATS[fmt]
    index = {"page": result.source.name, "items": []}
    files = []
    for item, name in zip(result.items, item_files(result.items, fmt)):
        files.append((name, renderer(item)))
        index["items"].append({**item.to_dict(), "file": name})
    files.append(("index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n"))
    return files


def write_split(result: PageResult, folder: Path | str, fmt: str, outputs: Outputs) -> list:
    """Write one page's items into ``folder`` as ``NN-<title>.<fmt>`` plus ``index.json``.

    The files go into a new folder beside it, which then takes the place of ``folder``
    whole (:func:`io.replace_folder`): with ``--force`` the page's folder holds exactly
    what ``index.json`` lists, and an interrupted run leaves the old folder or the new
    one, never a mix. Without ``--force`` an existing folder (not empty) is refused.
    A URL folder is written with :meth:`Outputs.write_folder`.
    """
    if storage.is_url(folder):
        return outputs.write_folder(str(folder), page_files(result, fmt))
    folder = Path(folder)
    outputs.refuse_folder(folder)
    files = page_files(result, fmt)
    with uninterrupted():
        tmp = io.temporary_folder(folder)
        try:
            for name, text in files:
                _write_new(os.path.join(tmp, name), text)
            io.replace_folder(tmp, folder, force=outputs.force)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return [folder / name for name, _text in files]


def _write_new(path: str, text: str) -> None:
    # A file in a folder of our own, not yet visible: no temporary name needed.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def split_complete(folder: str | os.PathLike) -> bool:
    """Whether ``folder`` holds a page's whole output: an ``index.json`` that reads, and
    every file it lists (what ``--skip-existing`` skips)."""
    if storage.is_url(folder):
        return storage.split_complete(str(folder))
    try:
        with open(os.path.join(folder, "index.json"), encoding="utf-8") as f:
            index = json.load(f)
        return all(os.path.isfile(os.path.join(folder, row["file"])) for row in index["items"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def printed(result: PageResult, fmt: str | None = None) -> str:
    """The items of one page as ``split`` prints them without ``-o``: JSON Lines (the
    default), or each item in ``fmt`` (txt, md, json), a separator between items
    (a blank line; a rule in Markdown)."""
    if fmt in (None, "jsonl"):
        return jsonl(result)
    if fmt == "json":
        return "".join(render.item_json(item, page=result.source.name) for item in result.items)
    return render.SEPARATORS[fmt].join(render.FORMATS[fmt](item) for item in result.items)


def jsonl(result: PageResult) -> str:
    """The items of one page as JSON Lines, each with a ``page`` field."""
    return "".join(render.item_jsonl(item, page=result.source.name) for item in result.items)


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

"""Pages on a Dask cluster: the same work as :class:`ocrfix.batch.Run`, spread over machines.

Needs the ``dask`` extra (``pip install 'ocrfix[dask]'``: dask, distributed, fsspec;
``ocrfix[s3]`` adds s3fs). Nothing else in ocrfix imports this module.

- :class:`DaskRun` is what ``ocrfix clean|split ... --dask ADDRESS`` runs: a drop-in for
  :class:`ocrfix.batch.Run`. Each task is a run of consecutive pages that a worker puts
  through :func:`ocrfix.batch.process`, the function ``--jobs`` workers run, so the
  files written, their names and every message are the same as with ``--jobs 1``.
  Results come back in input order, a few tasks per worker ahead of the one being read.
- :func:`split_bag` is for your own Dask pipeline: a bag (or a list) of paths or URLs in,
  a bag of items out.

The functions shipped to workers are module-level and pure: they get plain data (a
:class:`ocrfix.batch.Job`, :class:`ocrfix.batch.Source` pages) and read and write only the
pages and outputs those name. Workers must have ocrfix installed, and see the pages and
the output folder: a shared file system, or URLs (``s3://...``) they can all reach.
"""
from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import signal
from collections import deque
from dataclasses import replace
from typing import Any, Iterator, Literal, Sequence

from . import batch, io, storage
from .api import split as split_page
from .config import DEFAULT, Config

import dask  # noqa: E402  (after the core: an ImportError here means "no extra")
from distributed import Client, LocalCluster
from distributed.utils import get_mp_context

LOCAL = "local"
CONNECT_TIMEOUT = "10s"
EXTRA_HINT = "pip install 'ocrfix[dask]'"


class EngineError(Exception):
    """The cluster cannot be started or reached; the message says which and why."""


# -- what the workers run -------------------------------------------------------------------


def process_pages(sources: Sequence[batch.Source], job: batch.Job) -> list[batch.PageResult]:
    """One task: :func:`ocrfix.batch.process` on each page, in order."""
    return [batch.process(source, job) for source in sources]


def split_pages(paths: Sequence[str], config: Config = DEFAULT, encoding: str = io.ENCODING_AUTO,
                errors: str = "strict", on_error: str = "raise") -> list[dict[str, Any]]:
    """The items of each page in ``paths`` (local paths or URLs), as :func:`split_bag` gives them."""
    items: list[dict[str, Any]] = []
    for path in paths:
        name = os.fspath(path)
        try:
            text = io.read_text(storage.read_bytes(name), encoding=encoding, errors=errors, name=name)
        except io.InputError:
            if on_error == "skip":
                continue
            raise
        items.extend({**item.to_dict(), "page": name} for item in split_page(text, config))
    return items


# -- a bag for your own pipeline ----------------------------------------------------------------


def split_bag(pages: "dask.bag.Bag | Sequence[str]", config: Config = DEFAULT, *,
              encoding: str = io.ENCODING_AUTO, errors: str = "strict",
              on_error: Literal["raise", "skip"] = "raise", npartitions: int | None = None) -> "dask.bag.Bag":
    """Split pages on Dask: a bag of the items of every page, in page order.

    ``pages`` is a :class:`dask.bag.Bag` of paths or URLs (``s3://bucket/p1.txt``), or a
    list of them (made into a bag of ``npartitions`` partitions, default about 100 pages
    each). Each item is a dict, what ``ocrfix split --format jsonl`` prints: ``kind``,
    ``title``, ``kicker``, ``subtitle``, ``byline``, ``dateline``, ``reporters``,
    ``paragraphs``, ``source_lines`` and ``page`` (the path or URL it came from).

    A page that cannot be read or decoded raises :class:`ocrfix.io.InputError` when the
    bag is computed; ``on_error="skip"`` leaves it out instead. Nothing runs until you
    compute the bag: ``split_bag(paths).map(json.dumps).to_textfiles("out/*.jsonl")``
    writes one JSON Lines file per partition.

    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "p1.txt").write_text("植树节\\n\\n本报讯 （记者郭树勋） 11 月 30 日上午，植树。", encoding="utf-8")
    >>> items = split_bag([str(folder / "p1.txt")]).compute(scheduler="sync")
    >>> items[0]["title"], items[0]["paragraphs"], items[0]["page"].endswith("p1.txt")
    ('植树节', ['本报讯（记者郭树勋）11月30日上午，植树。'], True)
    """
    import dask.bag as dask_bag  # here: the command line's engine does without it

    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    if not isinstance(pages, dask_bag.Bag):
        paths = [os.fspath(p) for p in pages]
        pages = dask_bag.from_sequence(paths, npartitions=npartitions or max(1, -(-len(paths) // 100)))
    return pages.map_partitions(split_pages, config, encoding, errors, on_error)


# -- the command line's engine -------------------------------------------------------------------


class DaskRun:
    """Process ``sources`` on a Dask cluster and iterate over their results in input order.

    ``address`` is a scheduler (``tcp://host:8786``) or ``local``: a ``LocalCluster`` of
    ``jobs`` worker processes, one thread each, started on entry and closed on exit
    (start-up included, a second or two). Use it as :class:`ocrfix.batch.Run` is used: a
    context manager; leaving early cancels the tasks not yet done.

    Local paths are sent as absolute paths (a worker's working folder is its own), and
    messages are turned back to the paths as given.
    """

    AHEAD = 4  # tasks queued per worker thread
    # (2,000 pages on 2 cores: tasks of up to 32 pages cost 1.26x the time of --jobs 2,
    # tasks of up to 128 pages 1.13x and 1.16x; the scheduler shares the cores)
    MAX_PAGES_PER_TASK = 128

    def __init__(self, sources: Sequence[batch.Source], job: batch.Job, address: str, jobs: int = 1) -> None:
        self.sources = list(sources)
        self.job = replace(job, inputs=tuple(_absolute(p) for p in job.inputs))
        self.address = address
        self.jobs = max(1, jobs)
        self._cluster: LocalCluster | None = None
        self._client: Client | None = None
        self._queued: deque = deque()
        self._results: Iterator[batch.PageResult] | None = None

    def __enter__(self) -> "DaskRun":
        logging.getLogger("distributed").setLevel(logging.ERROR)
        try:
            if self.address == LOCAL:
                self._cluster = local_cluster(self.jobs)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError, RuntimeError) as error:
            self.__exit__(None, None, None)
            where = "start a local Dask cluster" if self.address == LOCAL else f"reach the Dask scheduler at {self.address}"
            raise EngineError(f"cannot {where}: {error}") from None
        except BaseException:  # (a stop signal while the cluster starts: close what is up)
            self.__exit__(None, None, None)
            raise
        self._results = self._in_order(self._client)
        return self

    def _threads(self, client: Client) -> int:
        workers = client.scheduler_info().get("workers", {})
        return max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def _in_order(self, client: Client) -> Iterator[batch.PageResult]:
        threads = self._threads(client)
        # Tasks of a few pages: a task costs the scheduler about a millisecond, a page ten.
        size = max(1, min(self.MAX_PAGES_PER_TASK, -(-len(self.sources) // (threads * 8))))
        # The job (settings, every input's path) goes to each worker once, not with every task.
        job = client.scatter(self.job, broadcast=True, hash=False)
        chunks = ((start, self.sources[start:start + size]) for start in range(0, len(self.sources), size))

        def submit(start: int, chunk: list[batch.Source]):
            sent = [_portable(source) for source in chunk]
            future = client.submit(process_pages, sent, job, pure=False, priority=-start)
            self._queued.append((future, chunk))

        for start, chunk in itertools.islice(chunks, threads * self.AHEAD):
            submit(start, chunk)
        while self._queued:
            future, chunk = self._queued[0]
            results = future.result()
            self._queued.popleft()
            for start, more in itertools.islice(chunks, 1):
                submit(start, more)
            for source, result in zip(chunk, results):
                yield _as_given(result, source)

    def __iter__(self) -> Iterator[batch.PageResult]:
        assert self._results is not None, "use DaskRun as a context manager"
        return self._results

    def __exit__(self, kind, value, traceback) -> None:
        if self._client is not None:
            futures = [future for future, _chunk in self._queued]
            self._queued.clear()
            if futures:
                self._client.cancel(futures)
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


# What a forked worker starts with: imported once, in the fork server, not in each worker.
PRELOAD = ["distributed", "ocrfix.dask_engine"]


def local_cluster(workers: int) -> LocalCluster:
    """A cluster on this machine: ``workers`` processes of one thread each, no dashboard.

    Where the platform has it, workers are forked from a server that has imported
    Dask and ocrfix once (``forkserver``), instead of each starting a new Python that
    imports them (``spawn``, Dask's default): on two busy cores here, start-up took
    4 s instead of 9 and closing 0.1 s instead of 2.
    """
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        if method == "forkserver":
            get_mp_context().set_forkserver_preload(PRELOAD)  # after Dask set its own list
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            silence_logs=logging.ERROR, preload=[__name__])


def dask_setup(worker: Any) -> None:
    """Run in each worker of :func:`local_cluster` as it starts (a Dask preload): Ctrl-C
    reaches the whole process group, and is the command's business (it closes the
    cluster), so the workers ignore it rather than print their tracebacks."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # pragma: no cover - not the worker's main thread
        pass


def _absolute(path: str | None) -> str | None:
    if path is None or storage.is_url(path) or os.path.isabs(path):
        return path
    return os.path.abspath(path)


def _portable(source: batch.Source) -> batch.Source:
    """``source`` as a worker elsewhere can find it: local paths made absolute."""
    path, target = _absolute(source.path), _absolute(source.target)
    if path == source.path and target == source.target:
        return source
    return replace(source, path=path, target=target)


def _as_given(result: batch.PageResult, source: batch.Source) -> batch.PageResult:
    """The result with the source as given, and its message naming the paths as given."""
    if result.error:
        sent = _portable(source)
        for absolute, given in ((sent.target, source.target), (sent.path, source.path)):
            if absolute and given and absolute != given:
                result.error = result.error.replace(absolute, given)
    result.source = replace(source, data=None)
    return result

"""Measure ocrfix's speed and memory against the spacing tools people use today.

    python benchmarks/bench.py                 # ~20 MB of simulated pages, 3 runs each
    python benchmarks/bench.py --quick         # ~1 MB, 1 run, a 20-page batch: proves it runs
    python benchmarks/bench.py --size 5 --runs 5 --seed 3
    python benchmarks/bench.py --steps         # also: time spent in each pipeline step

The input is the sample page plus pages drawn by ``tests/simulate.py`` from the
corpus with a fixed seed, up to ``--size`` MB of UTF-8. ``ocrfix.clean`` and
``ocrfix.split`` read their input as one page, so in-process throughput is taken over
the list of pages, as a batch user runs it: bytes of all pages / seconds for all.
Every time is the median of ``--runs`` runs. MB is 10^6 bytes of UTF-8 input.

What is measured:

- in process: ``ocrfix.clean``, ``ocrfix.split``; and, when the ``bench`` extra is
  installed, ``pangu.space_text``, ``autocorrect_py.format`` and OpenCC ``t2s`` alone
  (the reference for what a conversion costs) over the same pages;
- command line, as a subprocess with ``--jobs 1``: ``ocrfix clean FILES... -q`` and
  ``ocrfix split FILES... --format jsonl -q``, output to /dev/null; peak RSS is the
  largest of the child's own (VmHWM) and its workers' (``ru_maxrss``): the peak of the
  largest single process, not a sum over workers;
- scaling: ``ocrfix.split`` on ONE text made of the base text (``--scale-base`` KB of
  pages) repeated 1, 4 and 16 times, the three taking turns (5 rounds unless ``--runs``
  says otherwise); a quadratic step shows up here;
- a batch of ``--batch`` page files (500) through ``ocrfix split DIR -o OUT`` and
  ``ocrfix clean DIR`` at ``--jobs 1`` and ``--jobs 2``, taking turns (5 runs each
  unless ``--runs`` says otherwise), each ``split``
  run into a new folder (none deleted before the end; it checks that ``--jobs 2`` wrote
  the same files): pages per second and peak RSS, and the peak RSS of ``ocrfix split``
  on the largest page alone, for comparison; after each turn, what two processes gain on
  this machine at all (two copies of a pure-Python loop, one after the other over both
  together): the ceiling of a ``--jobs 2`` ratio at that moment;
- the Dask engine's overhead, when the ``dask`` extra is installed: ``--dask-batch``
  page files (2,000) through ``ocrfix split DIR -o OUT`` at ``--jobs 2`` and at
  ``--dask local --jobs 2`` (a LocalCluster of 2 worker processes, its start-up and
  shut-down included), taking turns, ``--runs`` times each (3), in pages per second;
  it checks that both wrote the same files. ``--dask-only`` measures only this.

It prints one table and the targets of issue 7, and writes both as JSON (with the
machine: CPU model, cores, Python, date, load average at the start) to
``benchmarks/results/latest.json``. Other work on the machine skews the numbers, the
``--jobs`` ratio most: compare ratios from one run, on an idle machine.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import random
import shutil
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import simulate  # noqa: E402  (tests/simulate.py)

import ocrfix  # noqa: E402

SAMPLE = next((p for p in (ROOT / "samples" / "jiaozuo-daily-page.txt",
                           pathlib.Path("/work/shared/samples/jiaozuo-daily-page.txt")) if p.exists()), None)
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
MB = 1_000_000


# -- input ---------------------------------------------------------------------------

def build_pages(size: int, seed: int, *, at_least: int = 0) -> list[str]:
    """The sample page, then simulated pages, until ``size`` bytes and ``at_least`` pages."""
    pages = [SAMPLE.read_text(encoding="utf-8")] if SAMPLE else []
    corpus = simulate.load_corpus()
    rng = random.Random(seed)
    total = sum(len(p.encode()) for p in pages)
    while total < size or len(pages) < at_least:
        text = simulate.random_page(rng, corpus).text
        pages.append(text)
        total += len(text.encode())
    return pages


def nbytes(pages: list[str]) -> int:
    return sum(len(p.encode()) for p in pages)


def write_pages(pages: list[str], folder: pathlib.Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, text in enumerate(pages, start=1):
        path = folder / f"page-{n:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


# -- timing ----------------------------------------------------------------------------

def median_time(fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


# Runs the CLI in the child and reports its own peak RSS. The kernel's ru_maxrss of an
# exec'd child also counts the image it was spawned from (this benchmark, with its pages
# in memory), so the child reads VmHWM, which belongs to its own address space, and
# the largest ru_maxrss of its workers (forked, not exec'd).
_MEASURED_CLI = """
import atexit, os, resource, sys
report = sys.argv[1]
def done():
    try:
        with open("/proc/self/status") as status:
            own = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(report, "w") as out:
        out.write(f"{own} {workers}")
atexit.register(done)
sys.argv = ["ocrfix", *sys.argv[2:]]
from ocrfix.cli import main
main(prog_name="ocrfix")
"""


def run_child(args: list[str]) -> tuple[float, float]:
    """Run ``ocrfix ARGS`` with stdout to /dev/null; return (seconds, peak RSS in MB of
    the largest single process: the main one or a worker)."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as report:
        command = [sys.executable, "-c", _MEASURED_CLI, report.name, *args]
        start = time.perf_counter()
        child = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"ocrfix {' '.join(args[:4])} ... exited {child.returncode}: {err.read().decode()[-2000:]}")
        own, workers = (int(n) for n in report.read().split())
    return seconds, max(own, workers) / 1024  # KiB on Linux


def median_child(args: list[str], runs: int, before: Callable[[], None] | None = None) -> tuple[float, list[float], float]:
    times, peak = [], 0.0
    for _ in range(runs):
        if before:
            before()
        seconds, rss = run_child(args)
        times.append(seconds)
        peak = max(peak, rss)
    return statistics.median(times), times, peak


def same_tree(a: pathlib.Path, b: pathlib.Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    def files(root: pathlib.Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    return files(a) == files(b)


def batch_commands(folder: pathlib.Path, outs, runs: int) -> list[tuple[str, tuple[float, list[float], float]]]:
    """``split DIR -o OUT`` and ``clean DIR`` at ``--jobs 1`` and ``--jobs 2``, the two
    settings in turns (1, 2, 1, 2, ...), and after each turn the machine's own ratio
    (:func:`two_loops`): name and (median, times, peak RSS) for each."""
    measured = []
    control: list[float] = []
    for name, args in (("batch split -o OUT", lambda: ["split", str(folder), "-o", str(next(outs))]),
                       ("batch clean", lambda: ["clean", str(folder)])):
        times: dict[int, list[float]] = {1: [], 2: []}
        peaks: dict[int, float] = {1: 0.0, 2: 0.0}
        for _ in range(runs):
            for jobs in (1, 2):
                seconds, rss = run_child([*args(), "--jobs", str(jobs), "-q"])
                times[jobs].append(seconds)
                peaks[jobs] = max(peaks[jobs], rss)
            control.append(two_loops())
        for jobs in (1, 2):
            measured.append((f"{name} --jobs {jobs}", (statistics.median(times[jobs]), times[jobs], peaks[jobs])))
    measured.append((MACHINE_RATIO, (statistics.median(control), control, 0.0)))
    return measured


DASK_ROW = "split -o, --dask local --jobs 2"
JOBS_2_ROW = "split -o, --jobs 2 (the Dask batch)"


def dask_commands(folder: pathlib.Path, outs, runs: int) -> dict[str, list[float]]:
    """``split DIR -o OUT`` at ``--jobs 2`` and at ``--dask local --jobs 2``, in turns:
    the seconds of each run (the cluster's start-up and shut-down included)."""
    times: dict[str, list[float]] = {JOBS_2_ROW: [], DASK_ROW: []}
    for _ in range(runs):
        for name, extra in ((JOBS_2_ROW, []), (DASK_ROW, ["--dask", "local"])):
            seconds, _rss = run_child(["split", str(folder), "-o", str(next(outs)), "--jobs", "2", "-q", *extra])
            times[name].append(seconds)
    return times


MACHINE_RATIO = "2 Python loops, apart / together"
_LOOP = "d = {}\nfor i in range(3_000_000):\n    d[i % 1000] = str(i)\n"


def two_loops() -> float:
    """What two processes gain on this machine at this moment, with nothing of ocrfix
    in them: the seconds of two copies of a pure-Python loop run one after the other,
    over the seconds of the two run together. The ceiling of any --jobs 2 ratio."""
    def run(together: bool) -> float:
        start = time.perf_counter()
        if together:
            children = [subprocess.Popen([sys.executable, "-c", _LOOP]) for _ in range(2)]
            for child in children:
                child.wait()
        else:
            for _ in range(2):
                subprocess.run([sys.executable, "-c", _LOOP], check=True)
        return time.perf_counter() - start
    return round(run(False) / run(True), 3)


# -- the competitors -------------------------------------------------------------------

def competitors() -> dict[str, tuple[Callable[[str], str], str]]:
    """Name -> (function, version) for what is installed of the ``bench`` extra."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    try:
        import pangu
        found["pangu.space_text"] = (pangu.space_text, version("pangu"))
    except (ImportError, AttributeError, PackageNotFoundError):
        pass
    try:
        import autocorrect_py
        found["autocorrect_py.format"] = (autocorrect_py.format, version("autocorrect-py"))
    except (ImportError, AttributeError, PackageNotFoundError):
        pass
    try:
        import opencc
        converter = opencc.OpenCC("t2s")
        found["opencc t2s"] = (converter.convert, version("opencc"))
    except (ImportError, PackageNotFoundError):
        pass
    return found


# -- steps -------------------------------------------------------------------------------

def time_steps(pages: list[str]) -> dict[str, float]:
    """Seconds spent in each pipeline step over ``ocrfix.split`` of every page, by
    wrapping each step module's ``apply``/``run`` for the duration."""
    from ocrfix import registry

    spent: dict[str, float] = {}
    saved = []

    def wrap(step_id: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[step_id] = spent.get(step_id, 0.0) + time.perf_counter() - start
        return timed

    for step in registry.STEPS:
        name = "run" if step.scope == "layout" else "apply"
        saved.append((step.module, name, getattr(step.module, name)))
        setattr(step.module, name, wrap(step.id, getattr(step.module, name)))
    try:
        start = time.perf_counter()
        for page in pages:
            ocrfix.split(page)
        total = time.perf_counter() - start
    finally:
        for module, name, fn in saved:
            setattr(module, name, fn)
    spent["(outside the steps)"] = total - sum(spent.values())
    spent["(total)"] = total
    return spent


# -- machine -------------------------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count()
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "cpu": cpu, "cores": os.cpu_count(), "usable_cores": usable,
        "python": platform.python_version(), "implementation": platform.python_implementation(),
        "platform": platform.platform(), "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "ocrfix": ocrfix.__version__, "commit": commit,
    }


# -- the run -------------------------------------------------------------------------------

def row(name: str, how: str, seconds: float, times: list[float], size: int | None = None,
        pages: int | None = None, rss: float | None = None, note: str = "") -> dict:
    return {
        "name": name, "how": how, "seconds": round(seconds, 4), "runs": [round(t, 4) for t in times],
        "mb": round(size / MB, 3) if size is not None else None,
        "mb_per_s": round(size / MB / seconds, 3) if size is not None else None,
        "pages": pages, "pages_per_s": round(pages / seconds, 2) if pages is not None else None,
        "peak_rss_mb": round(rss, 1) if rss is not None else None, "note": note,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a small input (~1 MB), 1 run, a 20-page batch: proves the script runs")
    parser.add_argument("--size", type=float, default=None, help="input size in MB (default 20; 1 with --quick)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement, median taken (default 3; 1 with --quick)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the page simulator (default 7)")
    parser.add_argument("--batch", type=int, default=None, help="page files in the --jobs batch (default 500; 20 with --quick)")
    parser.add_argument("--scale-base", type=float, default=None, metavar="KB",
                        help="size of the 1x text of the scaling test (default 1000; 32 with --quick)")
    parser.add_argument("--dask-batch", type=int, default=None,
                        help="page files in the --dask local batch (default 2000; 20 with --quick)")
    parser.add_argument("--dask-only", action="store_true", help="measure only the --dask local batch")
    parser.add_argument("--steps", action="store_true", help="also time each pipeline step (in process)")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line measurements")
    parser.add_argument("-o", "--output", type=pathlib.Path, default=RESULTS, help=f"JSON output (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    size = int((args.size if args.size is not None else 1 if args.quick else 20) * MB)
    runs = args.runs or (1 if args.quick else 3)
    batch = args.batch or (20 if args.quick else 500)
    scale_base = int((args.scale_base or (32 if args.quick else 1000)) * 1000)
    dask_batch = args.dask_batch or (20 if args.quick else 2000)
    has_dask = importlib.util.find_spec("distributed") is not None

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    info = machine()  # at the start: the load average says how busy the machine was
    say(f"building ~{size / MB:g} MB of pages (seed {args.seed}) ...")
    pages = build_pages(size, args.seed, at_least=max(batch, dask_batch if has_dask else 0))
    input_pages = []
    total = 0
    for page in pages:  # the measured input: pages up to size; the batch may take more
        input_pages.append(page)
        total += len(page.encode())
        if total >= size:
            break
    size = nbytes(input_pages)
    say(f"{len(input_pages)} pages, {size / MB:.2f} MB; runs={runs}")

    rows: list[dict] = []
    found = competitors()

    def add(r: dict) -> None:
        rows.append(r)
        rate = f"{r['mb_per_s']:.2f} MB/s" if r["mb_per_s"] else f"{r['pages_per_s']} pages/s"
        say(f"  {r['name']:<34} {r['seconds']:8.3f} s  {rate}" + (f"  {r['peak_rss_mb']} MB RSS" if r["peak_rss_mb"] else ""))

    if args.dask_only:
        args.no_cli, found = True, {}
    # In process, over the list of pages.
    for name, fn in () if args.dask_only else (("ocrfix.clean", ocrfix.clean), ("ocrfix.split", ocrfix.split)):
        seconds, times = median_time(lambda: [fn(p) for p in input_pages], runs)
        add(row(name, "in process", seconds, times, size, len(input_pages)))
    for name, (fn, version) in found.items():
        seconds, times = median_time(lambda: [fn(p) for p in input_pages], runs)
        add(row(name, "in process", seconds, times, size, len(input_pages), note=f"version {version}"))

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="ocrfix-bench-"))
    try:
        if not args.no_cli:
            paths = write_pages(input_pages, tmp / "input")
            for name, extra in (("ocrfix clean FILES", ["clean"]), ("ocrfix split FILES --format jsonl", ["split"])):
                command = extra + paths + (["--format", "jsonl"] if extra == ["split"] else []) + ["-q", "--jobs", "1"]
                seconds, times, rss = median_child(command, runs)
                add(row(name, "command line, --jobs 1", seconds, times, size, len(paths), rss))

        # Scaling: one text, 1x, 4x and 16x.
        base_pages, base_size = [], 0
        for page in pages:
            base_pages.append(page)
            base_size += len(page.encode())
            if base_size >= scale_base:
                break
        base = "\n\n".join(base_pages)
        # The three sizes take turns, 5 rounds at least: the 1x text takes a tenth of a
        # second, and one run of it here varies by a factor of two.
        texts = {} if args.dask_only else {factor: "\n\n".join([base] * factor) for factor in (1, 4, 16)}
        scaled: dict[int, list[float]] = {factor: [] for factor in texts}
        for _ in range(runs if args.quick or args.runs else max(runs, 5)):
            for factor, text in texts.items():
                scaled[factor].append(median_time(lambda: ocrfix.split(text), 1)[0])
        for factor, times in scaled.items():
            add(row(f"scaling {factor}x (one text)", "ocrfix.split in process", statistics.median(times), times,
                    len(texts[factor].encode())))

        if not args.no_cli:
            batch_pages = pages[:batch]
            folder = tmp / "batch"
            write_pages(batch_pages, folder)
            batch_size = nbytes(batch_pages)
            # Every run writes a folder of its own, and none is deleted until all have run:
            # on ext4 without a journal (this VM's disk) each new file costs a scan over the
            # inodes deleted in the last minutes (the kernel's recently_deleted()), so
            # deleting the last run's 4,000 files would slow the next run's writes by half.
            # The two --jobs settings take turns, so a drift in the machine hits both alike,
            # and run at least 5 times each: a ratio of two short runs is the noisiest figure.
            batch_runs = runs if args.quick or args.runs else max(runs, 5)
            outs = [tmp / f"split-out-{n}" for n in range(2 * batch_runs)]
            measured = batch_commands(folder, iter(outs), batch_runs)  # outs[0] at --jobs 1, outs[1] at --jobs 2
            same = "same output as --jobs 1" if same_tree(outs[0], outs[1]) else "OUTPUT DIFFERS from --jobs 1"
            for name, (seconds, times, rss) in measured:
                if name == MACHINE_RATIO:
                    add(row(name, "the machine: a ratio", seconds, times, note="a ratio, not seconds: the --jobs 2 ceiling"))
                    continue
                note = same if name == "batch split -o OUT --jobs 2" else ""
                add(row(name, "command line", seconds, times, batch_size, len(batch_pages), rss, note=note))
            largest = max(batch_pages, key=lambda p: len(p.encode()))
            one = tmp / "largest" / "page.txt"
            one.parent.mkdir()
            one.write_text(largest, encoding="utf-8")
            seconds, times, rss = median_child(["split", str(one), "--format", "jsonl", "-q", "--jobs", "1"], runs)
            add(row("largest page alone, split", "command line", seconds, times, len(largest.encode()), 1, rss))

        if (args.dask_only or not args.no_cli) and not has_dask:
            say("  (no Dask row: the dask extra is not installed; pip install -e '.[dask]')")
        elif args.dask_only or not args.no_cli:
            dask_pages = pages[:dask_batch]
            folder = tmp / "dask-batch"
            write_pages(dask_pages, folder)
            outs = [tmp / f"dask-out-{n}" for n in range(2 * runs)]
            measured = dask_commands(folder, iter(outs), runs)  # outs[0] at --jobs 2, outs[1] with --dask
            same = "same output as --jobs 2" if same_tree(outs[0], outs[1]) else "OUTPUT DIFFERS from --jobs 2"
            for name, times in measured.items():
                add(row(name, "command line", statistics.median(times), times, nbytes(dask_pages), len(dask_pages),
                        note=f"{same}; cluster start-up included" if name == DASK_ROW else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    steps = time_steps(input_pages) if args.steps else None
    targets = check_targets({r["name"]: r for r in rows})
    result = {
        "machine": info,
        "input": {"pages": len(input_pages), "bytes": size, "seed": args.seed, "runs": runs, "batch": batch,
                  "scale_base_bytes": scale_base, "quick": args.quick,
                  "sample": str(SAMPLE) if SAMPLE else None},
        "rows": rows, "targets": targets,
    }
    if steps:
        result["steps"] = {k: round(v, 4) for k, v in steps.items()}
    print_table(result)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {args.output}")
    return 0


def check_targets(by_name: dict[str, dict]) -> list[dict]:
    """Issue 7's targets, each with its measured value and whether it is met (None: not measured)."""
    def rate(name: str) -> float | None:
        r = by_name.get(name)
        return r and (r["mb_per_s"] or r["pages_per_s"])

    def ratio(a: str, b: str) -> float | None:
        x, y = rate(a), rate(b)
        return round(x / y, 2) if x and y else None

    out = []

    def target(what: str, value: float | None, ok: Callable[[float], bool], goal: str) -> None:
        out.append({"target": what, "value": value, "goal": goal, "met": None if value is None else bool(ok(value))})

    target("split / autocorrect_py.format (in process)", ratio("ocrfix.split", "autocorrect_py.format"),
           lambda v: v >= 1.0, ">= 1.0")
    target("clean / pangu.space_text (in process)", ratio("ocrfix.clean", "pangu.space_text"), lambda v: v >= 3.0, ">= 3.0")
    s1, s16 = by_name.get("scaling 1x (one text)"), by_name.get("scaling 16x (one text)")
    target("time 16x / time 1x", round(s16["seconds"] / s1["seconds"], 2) if s1 and s16 else None,
           lambda v: v <= 17.0, "<= 17")
    peaks = [by_name[n]["peak_rss_mb"] for n in by_name if n.startswith("batch ") and by_name[n]["peak_rss_mb"]]
    target("peak RSS of the page batch, MB (largest process)", max(peaks) if peaks else None, lambda v: v < 200, "< 200")
    target("batch split pages/s, --jobs 2 / --jobs 1",
           ratio("batch split -o OUT --jobs 2", "batch split -o OUT --jobs 1"), lambda v: v >= 1.7, ">= 1.7")
    target("batch clean pages/s, --jobs 2 / --jobs 1",
           ratio("batch clean --jobs 2", "batch clean --jobs 1"), lambda v: v >= 1.7, ">= 1.7")
    dask, jobs = by_name.get(DASK_ROW), by_name.get(JOBS_2_ROW)
    target("time --dask local --jobs 2 / --jobs 2 (issue 14)",
           round(dask["seconds"] / jobs["seconds"], 2) if dask and jobs else None, lambda v: v < 1.25, "< 1.25")
    machine = by_name.get(MACHINE_RATIO)
    if machine:  # not a target: what the machine gave two processes during those runs
        out.append({"target": "(the machine's own ratio, 2 Python loops)", "value": machine["seconds"],
                    "goal": "", "met": None})
    return out


def print_table(result: dict) -> None:
    m, i = result["machine"], result["input"]
    print(f"ocrfix {m['ocrfix']} ({m['commit']}) | {m['cpu']}, {m['cores']} cores | Python {m['python']} | {m['date']}")
    print(f"input: {i['pages']} pages, {i['bytes'] / MB:.2f} MB, seed {i['seed']}, median of {i['runs']} runs")
    header = f"{'measurement':<36} {'how':<26} {'median s':>9} {'MB/s':>7} {'pages/s':>8} {'peak RSS':>9}  {'vs ocrfix':>9}"
    print(header)
    print("-" * len(header))
    clean = next((r for r in result["rows"] if r["name"] == "ocrfix.clean"), None)
    for r in result["rows"]:
        versus = ""
        if clean and r["how"] == "in process" and not r["name"].startswith("ocrfix") and r["mb_per_s"]:
            versus = f"{r['mb_per_s'] / clean['mb_per_s']:.2f}x"  # their speed / ocrfix.clean's
        rss = f"{r['peak_rss_mb']:.0f} MB" if r["peak_rss_mb"] else ""
        print(f"{r['name']:<36} {r['how']:<26} {r['seconds']:>9.3f} {r['mb_per_s'] or '':>7} "
              f"{r['pages_per_s'] or '':>8} {rss:>9}  {versus:>9}")
    print()
    print("'vs ocrfix': that tool's MB/s / ocrfix.clean's (below 1: ocrfix is faster).")
    print(f"{'target':<52} {'value':>8} {'goal':>7}  met")
    for t in result["targets"]:
        met = "-" if t["met"] is None else "yes" if t["met"] else "NO"
        print(f"{t['target']:<52} {t['value'] if t['value'] is not None else '-':>8} {t['goal']:>7}  {met}")
    if "steps" in result:
        total = result["steps"]["(total)"]
        print()
        print(f"{'step (ocrfix.split, in process)':<36} {'s':>8} {'share':>7}")
        for name, seconds in sorted(result["steps"].items(), key=lambda kv: -kv[1]):
            if name != "(total)":
                print(f"{name:<36} {seconds:>8.3f} {seconds / total:>7.1%}")
        print(f"{'(total)':<36} {total:>8.3f}")


if __name__ == "__main__":
    sys.exit(main())

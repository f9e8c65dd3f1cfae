"""The ``ocrfix`` command: parse options, call the library, print.

Results go to stdout (UTF-8); messages (warnings, errors, the summary, the progress
bar) go to stderr. Exit status:

- 0: every page went through (an empty page is a warning, not a failure);
- 1: a page failed (missing, unreadable, not text, undecodable, an output that
  exists or is an input, a ``--verify`` that found a lost character), or
  ``clean --check`` found a page that cleaning would change;
- 2: a usage error (unknown option or rule id, bad value, bad config file);
- 130 (SIGINT, Ctrl-C) or 143 (SIGTERM): interrupted, without a traceback; the
  workers stop too, no temporary file is left, and stderr says how far the run got;
- 141 (128 + SIGPIPE, what ``cat`` gives): stdout was closed early
  (``ocrfix clean big.txt | head -1``); nothing is printed.
"""
from __future__ import annotations

import difflib
import functools
import inspect
import json
import os
import signal
import sys
import time
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import click
from click.shell_completion import CompletionItem

from . import __version__, batch, convert, io, render, report, settings, storage
from .api import explain as explain_page
from .config import HEADLINE_CHOICES, LATIN_SPACING_CHOICES
from .registry import BY_ID, STEPS, unknown_ids

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
SPLIT_FORMATS = ("txt", "md", "json", "jsonl")


# -- options shared by the commands ---------------------------------------------------


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return io.check_encoding(value)
    except LookupError as error:
        raise click.BadParameter(f"{value!r} is not a text encoding Python knows ({error})") from None


def _check_rule_ids(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Rule ids, repeated or comma-separated (--enable a,b), each one known."""
    ids = tuple(step_id.strip() for item in value for step_id in item.split(",") if step_id.strip())
    unknown = unknown_ids(ids)
    if unknown:
        raise click.BadParameter(_unknown_rule(unknown[0]))
    return ids


def _unknown_rule(step_id: str) -> str:
    """``unknown rule id 'x'``, a guess if one is close, and the known ids."""
    close = difflib.get_close_matches(step_id, BY_ID, n=1, cutoff=0.6)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown rule id {step_id!r}{guess}; known rule ids: {', '.join(BY_ID)} (see `ocrfix rules`)"


# -- shell completion (click's: eval "$(_OCRFIX_COMPLETE=bash_source ocrfix)") --------------


def _complete_rule_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Rule ids, after any comma-separated ones already typed (--disable space-cjk,sp<TAB>)."""
    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [CompletionItem(prefix + step.id, help=step.description) for step in STEPS if step.id.startswith(last)]


def _complete_conversions(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The OpenCC configuration names installed, and ``none``."""
    return [CompletionItem(name) for name in ("none", *convert.valid_conversions()) if name.startswith(incomplete)]


def _options(*decorators: Callable) -> Callable:
    def apply(f: Callable) -> Callable:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f

    return apply


# How each page is processed: every command that reads pages has these.
# To add a setting: add its option here and its key to settings.KEYS; _settings passes it on.
pipeline_options = _options(
    click.option("--enable", "enable", multiple=True, metavar="RULE", callback=_check_rule_ids,
                 shell_complete=_complete_rule_ids, help="Turn a rule on (repeatable). See `ocrfix rules`."),
    click.option("--disable", "disable", multiple=True, metavar="RULE", callback=_check_rule_ids,
                 shell_complete=_complete_rule_ids, help="Turn a rule off (repeatable)."),
    click.option("--latin-spacing", type=click.Choice(LATIN_SPACING_CHOICES), default=None,
                 help="Spaces between Chinese and Latin letters or digits: remove (default), keep or add."),
    click.option("--headlines", type=click.Choice(HEADLINE_CHOICES), default=None,
                 help="Whether headlines come before or after their article in the OCR text (default: auto)."),
    click.option("--convert", default=None, metavar="NAME", shell_complete=_complete_conversions,
                 help="Convert the output with OpenCC: t2s, s2t, tw2s, hk2s, s2twp, ... or none (default: none)."),
    click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 metavar="PATH", help="Read settings from this file instead of the nearest ocrfix.toml or "
                                      "pyproject.toml [tool.ocrfix]. See `ocrfix config`."),
    click.option("--encoding", default=io.ENCODING_AUTO, show_default=True, callback=_check_encoding,
                 help="Input encoding; auto detects UTF-8 (with or without BOM), UTF-16 with BOM and GB18030/GBK."),
    click.option("--errors", type=click.Choice(io.ERRORS_CHOICES), default="strict", show_default=True,
                 help="Undecodable bytes: fail (strict) or replace them with U+FFFD."),
    click.option("-q", "--quiet", is_flag=True, help="No warnings, progress or summary on stderr (errors still show)."),
)

# How a run over many pages behaves: clean and split.
batch_options = _options(
    click.option("--glob", "glob", default=batch.DEFAULT_GLOB, show_default=True, metavar="PATTERN",
                 help="Which files to take from a folder argument (walked recursively)."),
    click.option("-j", "--jobs", type=click.IntRange(min=0), default=None, metavar="N",
                 help="Pages processed in parallel (default and 0: one per CPU). Output does not depend on it."),
    click.option("--fail-fast", is_flag=True, help="Stop at the first page that fails."),
    click.option("--force", is_flag=True,
                 help="Overwrite existing output files (split: replace each page's folder whole)."),
    click.option("--skip-existing", is_flag=True,
                 help="Skip pages whose output is already complete (resume an interrupted batch)."),
    click.option("-v", "--verbose", is_flag=True, help="Print the summary line even when stderr is not a terminal."),
    click.option("--verify", is_flag=True,
                 help="Verify that every non-space character of each page reached the output; exit 1 if not."),
    click.option("--dask", "dask", default=None, metavar="ADDRESS",
                 help="Run on a Dask cluster: a scheduler (tcp://host:8786), or local to start one of --jobs "
                      "worker processes. Needs pip install 'ocrfix[dask]'. Pages and -o may be URLs "
                      "(s3://bucket/pages/**/*.txt)."),
)


def _settings(opts: dict[str, Any]) -> settings.Settings:
    """The effective settings: the options given over the config file over the defaults."""
    given = {key: opts[key] for key in settings.KEYS if key in opts}
    try:
        return settings.resolve(given, config_path=opts.get("config_path"))
    except settings.SettingsError as error:
        raise click.UsageError(str(error)) from None


class _Fatal(click.ClickException):
    """A run that cannot start (no Dask, no scheduler, a URL without its package): exit 2."""

    exit_code = 2


def _engine(opts: dict[str, Any], sources: list[batch.Source], job: batch.Job, jobs: int):
    """The local batch (``batch.Run``), or with ``--dask`` the Dask engine."""
    if not opts.get("dask"):
        return batch.Run(sources, job, jobs)
    try:
        from . import dask_engine
    except ImportError as error:
        raise _Fatal(f"--dask needs Dask ({error}): pip install 'ocrfix[dask]'") from None
    return _DaskErrors(dask_engine.DaskRun(sources, job, opts["dask"], jobs), dask_engine.EngineError)


class _DaskErrors:
    """Enter a Dask run, turning a cluster that cannot start into a message (exit 2)."""

    def __init__(self, run: Any, error: type[Exception]) -> None:
        self.run, self.error = run, error

    def __enter__(self) -> Any:
        try:
            return self.run.__enter__()
        except self.error as error:
            raise _Fatal(str(error)) from None

    def __exit__(self, *exc: Any) -> None:
        self.run.__exit__(*exc)


def _jobs(resolved: settings.Settings) -> int:
    if resolved.origins.get("jobs") == settings.DEFAULT_ORIGIN or resolved.jobs == 0:
        return batch.default_jobs()
    return resolved.jobs


def _handle_interrupts(f: Callable) -> Callable:
    """Ctrl-C exits 130 and a closed stdout 141, both without a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("", err=True)  # end the line after the terminal's ^C
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except batch.Interrupted as stop:
            raise click.exceptions.Exit(128 + stop.signum) from None
        except BrokenPipeError:
            _silence_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None

    return wrapper


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at /dev/null so that flush cannot fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests)
        pass


# -- messages ----------------------------------------------------------------------------


class _Messages:
    """Messages on stderr, through the progress bar's console while it shows. Errors
    always show; warnings and notes unless ``quiet``; the summary line only on a
    terminal or when ``verbose`` (not at the end of every pipe)."""

    def __init__(self, quiet: bool, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.console = None

    def _print(self, text: str) -> None:
        if self.console is not None:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(text, err=True)

    def error(self, text: str) -> None:
        self._print(f"ocrfix: error: {text}")

    def warn(self, text: str) -> None:
        if not self.quiet:
            self._print(f"ocrfix: warning: {text}")

    def info(self, text: str) -> None:
        if not self.quiet:
            self._print(f"ocrfix: {text}")

    note = info

    def summary(self, text: str) -> None:
        if not self.quiet and (self.verbose or _isatty(sys.stderr)):
            self._print(f"ocrfix: {text}")


def _progress(messages: _Messages, total: int, to_stdout: bool):
    """A rich progress bar on stderr for many pages on a terminal, where it cannot mix
    with the results: not while they are printed on a terminal too. Otherwise nothing."""
    if messages.quiet or total < 2 or not _isatty(sys.stderr) or (to_stdout and _isatty(sys.stdout)):
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- the command group ----------------------------------------------------------------------


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="ocrfix", message="%(prog)s %(version)s")
def main() -> None:
    """Turn raw OCR text dumps of Chinese newspaper pages into clean articles.

    Results go to stdout, messages to stderr. FILE `-` (or no FILE) is stdin.

    \b
    Examples:
      ocrfix clean page.txt > page.clean.txt
      ocrfix split page.txt -o articles/
      ocrfix split pages/ --format jsonl | jq .title
      ocrfix rules

    Shell completion of options, rule ids and --convert names (bash; zsh_source or
    fish_source for the others):

    \b
      eval "$(_OCRFIX_COMPLETE=bash_source ocrfix)"
    """


# -- clean and split ------------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True), metavar="PATH",
              help="Write to this file instead of stdout (several pages one after the other, as on stdout); "
                   "a folder (DIR/<stem>.txt, input folders mirrored) if it ends in / or is one.")
@click.option("--check", "lint_check", is_flag=True,
              help="Write nothing; print the files that cleaning would change; exit 1 if any would.")
@click.option("--diff", "lint_diff", is_flag=True,
              help="Write nothing; print a unified diff of what cleaning would change.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each file that cleaning changes, atomically.")
@pipeline_options
@batch_options
@_handle_interrupts
def clean(files: tuple[str, ...], output: str | None, lint_check: bool, lint_diff: bool, in_place: bool,
          **opts: Any) -> None:
    """Clean pages: rejoin lines into paragraphs, fix spacing and punctuation.

    FILE may be a folder (walked for *.txt). Several pages on stdout are printed
    one after the other, in argument order. --check, --diff and --in-place work as
    in black or ruff: report what would change, show it, or rewrite the files.

    \b
    Examples:
      ocrfix clean page.txt
      cat page.txt | ocrfix clean - > page.clean.txt
      ocrfix clean page.txt -o page.clean.txt
      ocrfix clean pages/ -o cleaned/ --jobs 4
      ocrfix clean pages/ --check          # which pages would change
      ocrfix clean page.txt --diff | less
      ocrfix clean pages/ --in-place
      ocrfix clean page.txt --disable space-cjk --latin-spacing keep
    """
    _check_batch_options(opts)
    resolved = _settings(opts)
    to_stdout = output is None or output == "-"
    lint = lint_check or lint_diff
    if in_place and (lint or not to_stdout):
        raise click.UsageError("--in-place rewrites the inputs: leave out -o, --check and --diff")
    if lint and not to_stdout:
        raise click.UsageError("--check and --diff write nothing: leave out -o")
    if in_place and (not files or STDIN in files):
        raise click.UsageError("--in-place needs files: standard input has no file to rewrite")
    if in_place and opts["errors"] == "replace":
        raise click.UsageError("--in-place with --errors replace would write U+FFFD over the bytes that "
                               "could not be decoded: fix the encoding (--encoding) or write to -o")
    if opts["skip_existing"] and to_stdout:
        raise click.UsageError("--skip-existing skips pages whose output exists: give -o")
    out_dir: Path | str | None = None
    if not to_stdout:
        output = storage.local(output)
    if not to_stdout and (os.path.isdir(output) or output.endswith(("/", os.sep))):
        out_dir = _output_folder(output, "-o ending in / must be a folder")
    sources = _expand(files, opts, exclude=out_dir)
    names = batch.folder_names(sources, "txt")
    sink = _ConcatFile(output, force=opts["force"]) if not to_stdout and out_dir is None else None
    done: Callable[[int, batch.Source], bool] | None = None
    if opts["skip_existing"]:
        done = ((lambda n, source: storage.exists(storage.join(out_dir, names[n]))) if out_dir
                else (lambda n, source: storage.exists(sink.path)))
    stdout = sys.stdout.buffer
    changed = 0

    def write(result: batch.PageResult, n: int, outputs: batch.Outputs) -> None:
        nonlocal changed
        if lint or in_place:
            changed += result.changed
            if lint_diff and result.diff:
                _write_stdout(stdout, result.diff)
            elif lint_check and result.changed:
                _write_stdout(stdout, f"{result.source.name}\n")
            if in_place and result.changed:
                target = os.path.realpath(result.source.path)  # (a symbolic link stays one)
                mode = os.stat(target).st_mode & 0o7777
                io.atomic_write(target, result.text, force=True, mode=mode)
        elif sink is not None:
            sink.write(result.text, outputs)
        elif out_dir is not None:
            outputs.write(storage.join(out_dir, names[n]), result.text)
        else:
            _write_stdout(stdout, result.text)

    def summary() -> str:
        if lint_check:
            return f", {changed} would change"
        return f", {changed} rewritten" if in_place else ""

    _run("clean", sources, resolved, opts, write, to_stdout=to_stdout and not in_place, sink=sink, done=done,
         compare=lint or in_place, diff=lint_diff, summary=summary)
    if lint_check and changed:
        raise click.exceptions.Exit(EXIT_FAILED)


@main.command()
@click.argument("pages", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), metavar="DIR",
              help="Write DIR/<page stem>/NN-<title>.<format> per item, and index.json; input folders are mirrored. "
                   "With --format jsonl: JSON Lines shards DIR/part-00000.jsonl, ...")
@click.option("-f", "--format", "format", type=click.Choice(SPLIT_FORMATS), default=None,
              help="Item format: txt (default with -o), md, json, or jsonl (JSON Lines, the default without -o; "
                   "shards with -o). Without -o every item is printed to stdout.")
@click.option("--shard-pages", type=click.IntRange(min=1), default=1000, show_default=True, metavar="N",
              help="With --format jsonl -o DIR: the items of every N pages (in input order) form one shard.")
@pipeline_options
@batch_options
@_handle_interrupts
def split(pages: tuple[str, ...], output: str | None, shard_pages: int, **opts: Any) -> None:
    """Split pages into articles, captions and other items.

    With -o DIR, each page gets a folder DIR/<page stem>/ with one file per item
    (NN-<title>.txt; an untitled item is named by its first words) and index.json
    listing the items, their fields and source lines. A folder argument's subfolders
    are mirrored under DIR (archive/2020-12-01/p1.txt gives DIR/2020-12-01/p1/).
    Without -o, items are printed: JSON Lines by default, one object per item with a
    "page" field, or --format txt, md or json. With --format jsonl -o DIR, the JSON
    Lines go to shards DIR/part-00000.jsonl, ... (--shard-pages pages each), which a
    corpus pipeline can read in parallel.

    \b
    Examples:
      ocrfix split page.txt -o articles/
      ocrfix split pages/ -o articles/ --format md --jobs 4
      ocrfix split pages/ -o articles/ --skip-existing      # resume a batch
      ocrfix split page.txt | jq -r .title
      ocrfix split page.txt --format md | less
      ocrfix split page.txt --headlines after --verify -o articles/
      ocrfix split 's3://bucket/pages/**/*.txt' --format jsonl -o s3://bucket/items/ --dask tcp://host:8786
    """
    _check_batch_options(opts)
    resolved = _settings(opts)
    origin = resolved.origins.get("format")
    if origin == settings.DEFAULT_ORIGIN:
        fmt = "txt" if output else "jsonl"
    elif origin != settings.CLI_ORIGIN and not output:
        fmt = "jsonl"  # a config file's format is for files (-o); without -o, JSON Lines
    else:
        fmt = resolved.format
    if output and fmt == "jsonl" and origin != settings.CLI_ORIGIN:  # --format jsonl -o DIR: shards
        raise click.UsageError(f'format = "jsonl" (from {origin}) prints to stdout, but -o {output} (command line) '
                               "writes files: leave out -o, or choose --format txt, md or json "
                               "(--format jsonl -o DIR writes JSON Lines shards)")
    if opts["skip_existing"] and not output:
        raise click.UsageError("--skip-existing skips pages whose output exists: give -o")
    out_dir = _output_folder(storage.local(output), "-o must be a folder") if output else None
    shards = _Shards(out_dir, shard_pages) if out_dir is not None and fmt == "jsonl" else None
    if shards is not None and opts["skip_existing"]:
        raise click.UsageError("--skip-existing resumes page folders; JSON Lines shards are written whole: "
                               "leave it out, or choose --format txt, md or json")
    sources = _expand(pages, opts, exclude=out_dir)
    done = None
    if out_dir is not None and shards is None:  # each page's folder, written by whichever process splits it
        sources = [replace(s, target=str(storage.join(out_dir, name)))
                   for s, name in zip(sources, batch.folder_names(sources))]
        if opts["skip_existing"]:
            done = lambda n, source: batch.split_complete(source.target)  # noqa: E731
    stdout = sys.stdout.buffer
    separator = render.SEPARATORS.get(fmt, "")
    printed = False

    def write(result: batch.PageResult, n: int, outputs: batch.Outputs) -> None:
        nonlocal printed
        if result.files is not None:  # a folder only this process can write (memory://)
            outputs.write_folder(result.source.target, result.files)
        elif shards is not None:
            shards.add(n, result.output or "", outputs)
        elif result.output:
            _write_stdout(stdout, (separator if printed else "") + result.output)
            printed = True

    _run("split", sources, resolved, opts, write, file_format=fmt, to_stdout=out_dir is None, done=done,
         sink=shards)


STDIN = batch.STDIN


def _check_batch_options(opts: dict[str, Any]) -> None:
    if opts["force"] and opts["skip_existing"]:
        raise click.UsageError("--force and --skip-existing contradict each other: choose one")
    if opts["quiet"] and opts["verbose"]:
        raise click.UsageError("-q and -v contradict each other: choose one")


def _expand(args: tuple[str, ...], opts: dict[str, Any], *, exclude: Path | str | None) -> list[batch.Source]:
    """The pages named, the output folder left out; a word on stderr before waiting for
    a terminal's standard input."""
    if (not args or STDIN in args) and not opts["quiet"] and _isatty(sys.stdin):
        click.echo("ocrfix: reading from stdin (Ctrl-D to end)", err=True)
    try:
        return batch.expand(args, opts["glob"], exclude=None if storage.is_url(exclude) else exclude)
    except storage.StorageError as error:
        raise _Fatal(str(error)) from None


def _isatty(stream: Any) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _output_folder(output: str, problem: str) -> Path | str:
    """``output`` as a folder: an existing one, or one that will be made when the first
    page is written (so that a run where every page fails leaves no empty folder).
    A URL stays a URL."""
    if storage.is_url(output):
        return output
    path = Path(output)
    if path.exists() and not path.is_dir():
        raise click.UsageError(f"{problem}, and {output} is a file")
    return path


class _StdoutError(Exception):
    """Standard output cannot be written (a full disk, ...): the batch stops."""


def _write_stdout(stdout: Any, text: str) -> None:
    try:
        stdout.write(text.encode("utf-8"))
        stdout.flush()
    except BrokenPipeError:
        raise  # stdout closed: see _handle_interrupts
    except OSError as error:
        raise _StdoutError(f"stdout: cannot write: {error.strerror or error}") from None


class _Shards:
    """``split --format jsonl -o DIR``: :class:`batch.Shards`, the last shard written when
    the run ends (as a ``sink`` of :func:`_run`)."""

    def __init__(self, folder: Path | str, size: int) -> None:
        self.shards = batch.Shards(folder, size)
        self.outputs: batch.Outputs | None = None

    def add(self, n: int, text: str, outputs: batch.Outputs) -> None:
        self.outputs = outputs
        self.shards.add(n, text, outputs)

    def commit(self) -> None:
        if self.outputs is not None:
            self.shards.close(self.outputs)

    def discard(self) -> None:
        pass  # the shards written so far are whole


class _ConcatFile:
    """``clean ... -o FILE``: every page into one file, in input order, put in place when
    the run ends (never when it is interrupted). A URL is put once, at the end."""

    def __init__(self, path: Path | str, *, force: bool) -> None:
        self.path = path if storage.is_url(path) else Path(path)
        self.force = force
        self._file: io.AtomicFile | None = None
        self._parts: list[str] = []
        self._outputs: batch.Outputs | None = None
        self._refused = False

    def write(self, text: str, outputs: batch.Outputs) -> None:
        if storage.is_url(self.path):
            self._outputs = outputs
            self._parts.append(text)
            return
        if self._refused:
            return  # (said once, for the first page)
        if self._file is None:
            try:
                outputs.refuse(self.path)
            except io.OutputError:
                self._refused = True
                raise
            self._file = io.AtomicFile(self.path, force=self.force)
        self._file.write(text)

    def commit(self) -> None:
        if self._outputs is not None:
            outputs, self._outputs = self._outputs, None
            outputs.write(self.path, "".join(self._parts))
        if self._file is not None:
            file, self._file = self._file, None
            file.commit()

    def discard(self) -> None:
        self._outputs = None
        if self._file is not None:
            file, self._file = self._file, None
            file.discard()


def _run(mode: batch.Mode, sources: list[batch.Source], resolved: settings.Settings, opts: dict[str, Any],
         write: Callable[[batch.PageResult, int, batch.Outputs], None], *, file_format: str | None = None,
         to_stdout: bool = True, sink: _ConcatFile | _Shards | None = None,
         done: Callable[[int, batch.Source], bool] | None = None, compare: bool = False, diff: bool = False,
         summary: Callable[[], str] | None = None) -> None:
    """Process the pages, write each result in input order (or have the workers write
    files in ``file_format``), report failures, exit 1 if any; exit 128 + the signal
    number when stopped by SIGINT or SIGTERM, saying how far the run got.

    ``done(n, source)`` tells a page whose output is complete (``--skip-existing``):
    it is skipped and counted. ``sink`` is a file all pages go into, put in place at
    the end."""
    started = time.monotonic()
    messages = _Messages(opts["quiet"], opts["verbose"])
    inputs = tuple(s.path for s in sources if s.path)
    job = batch.Job(mode, resolved.config, opts["encoding"], opts["errors"], opts["verify"],
                    file_format=file_format, force=opts["force"], inputs=inputs, compare=compare, diff=diff)
    outputs = batch.Outputs(inputs, force=opts["force"])
    todo = [n for n, source in enumerate(sources) if done is None or source.error or not done(n, source)]
    skipped = len(sources) - len(todo)
    pages = items = failures = finished = 0
    hinted = messages.quiet or resolved.config.convert is not None  # the Traditional hint: once a run
    try:
        with batch.stop_on_signals(), _engine(opts, [sources[n] for n in todo], job, _jobs(resolved)) as run, \
                _progress(messages, len(todo), to_stdout) as progress:
            if progress is not None:
                messages.console = progress.console
                task = progress.add_task(mode, total=len(todo))
            for n, result in zip(todo, run):
                finished += 1
                if progress is not None:
                    progress.update(task, advance=1, description=result.source.name)
                if result.error:
                    messages.error(result.error)
                    failures += 1
                else:
                    pages += 1
                    items += result.item_count
                    if result.empty:
                        messages.warn(f"{result.source.name}: empty page (no text), nothing in it")
                    if not hinted and result.traditional:
                        messages.info(f"{result.source.name}: {TRADITIONAL_HINT}")
                        hinted = True
                    try:
                        if result.verify_failure:
                            pass  # a page that lost text is written nowhere (reported below)
                        else:
                            with batch.uninterrupted():  # a stop signal waits until the output is in place
                                write(result, n, outputs)
                    except io.OutputError as error:
                        messages.error(str(error))
                        failures += 1
                    except _StdoutError as error:
                        messages.error(str(error))
                        failures += 1
                        _silence_stdout()
                        break  # nothing more can be printed
                    except BrokenPipeError:
                        raise  # stdout closed: see _handle_interrupts
                    except OSError as error:
                        where = error.filename or result.source.name
                        messages.error(f"{where}: cannot write: {error.strerror or error}")
                        failures += 1
                    if result.verify_failure:
                        messages.error(f"{result.source.name}: --verify: {result.verify_failure}")
                        failures += 1
                if failures and opts["fail_fast"]:
                    messages.note(f"stopped at the first failure (--fail-fast); "
                                  f"{_plural(len(todo) - finished, 'page')} left out")
                    break
        if isinstance(sink, _ConcatFile) and failures:
            # A file missing a page would pass for complete (--skip-existing): put none in place.
            sink.discard()
            messages.error(f"{sink.path}: not written, since {_plural(failures, 'page')} failed; "
                           "rerun once they are fixed")
        elif sink is not None:
            try:
                with batch.uninterrupted():
                    sink.commit()
            except io.OutputError as error:
                messages.error(str(error))
                failures += 1
            except OSError as error:
                messages.error(f"{error.filename}: cannot write: {error.strerror or error}")
                failures += 1
    except (KeyboardInterrupt, batch.Interrupted) as stop:
        if sink is not None:
            sink.discard()
        signum = stop.signum if isinstance(stop, batch.Interrupted) else signal.SIGINT
        click.echo("", err=True)  # end the line after the terminal's ^C
        messages.error(f"interrupted after {finished + skipped} of {_plural(len(sources), 'page')}")
        raise click.exceptions.Exit(128 + signum) from None
    except BaseException:
        if sink is not None:
            sink.discard()
        raise
    seconds = time.monotonic() - started
    counted = f", {_plural(items, 'item')}" if mode == "split" else ""
    extra = (summary() if summary else "") + (f", {skipped} skipped" if skipped else "")
    messages.summary(f"{_plural(pages, 'page')}{counted}, {_plural(failures, 'failure')}{extra}, {seconds:.2f} s")
    if failures:
        raise click.exceptions.Exit(EXIT_FAILED)


TRADITIONAL_HINT = "the text looks like Traditional Chinese; add --convert t2s to convert it to Simplified"


# -- rules and explain -------------------------------------------------------------------------


@main.command()
@click.argument("rule_id", required=False, metavar="[RULE]", shell_complete=lambda ctx, param, incomplete:
                _complete_rule_ids(ctx, param, incomplete))
def rules(rule_id: str | None) -> None:
    """List every rule: its id, whether it is on by default, and what it does; or show
    one RULE: its description and its Before/After example.

    A table on a terminal; tab-separated lines (id, on/off, description) in a pipe.

    \b
    Examples:
      ocrfix rules
      ocrfix rules | grep space-
      ocrfix rules space-fullwidth-punct
    """
    if rule_id is not None:
        if rule_id not in BY_ID:
            raise click.UsageError(_unknown_rule(rule_id))
        step = BY_ID[rule_id]
        doc = inspect.cleandoc(step.module.__doc__ or step.description)
        click.echo(f"{step.id} ({'on' if step.default else 'off'} by default, {step.scope})\n\n{doc}")
        return
    rows = [(step.id, "on" if step.default else "off", step.description) for step in STEPS]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("rule", "default", "description", box=None)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
    else:
        click.echo("".join(f"{step_id}\t{default}\t{description}\n" for step_id, default, description in rows), nl=False)


@main.command()
@click.argument("file", default="-", type=click.Path(allow_dash=True))
@click.option("-f", "--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text: the cleaned page on stdout, the changes on stderr; "
                                      "json: one JSON object (text, steps with their changes, items) on stdout.")
@pipeline_options
@_handle_interrupts
def explain(file: str, output_format: str, **opts: Any) -> None:
    """Show which rule and layout stage changed what in one page, with raw line numbers.

    Changes are grouped by step in pipeline order, one a line: lines, before → after,
    and why (for layout stages: why lines were joined or a paragraph broke, which
    article a headline block went to). Colours on a terminal, plain text in a pipe.

    \b
    Examples:
      ocrfix explain page.txt > /dev/null
      ocrfix explain page.txt --disable space-cjk
      ocrfix explain page.txt --format json | jq '.steps[].step'
    """
    resolved = _settings(opts)
    messages = _Messages(opts["quiet"])
    if file == STDIN and not opts["quiet"] and _isatty(sys.stdin):
        click.echo("ocrfix: reading from stdin (Ctrl-D to end)", err=True)
    try:
        text = io.read_source(file, encoding=opts["encoding"], errors=opts["errors"])
    except io.InputError as error:
        messages.error(str(error))
        raise click.exceptions.Exit(EXIT_FAILED) from None
    explanation = explain_page(text, resolved.config)
    if resolved.config.convert is None and convert.mostly_traditional(explanation.text):
        messages.info(TRADITIONAL_HINT)
    if output_format == "json":
        sys.stdout.buffer.write((json.dumps(report.to_json(explanation), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        return
    sys.stdout.buffer.write(explanation.text.encode("utf-8"))
    sys.stdout.flush()
    from rich.console import Console

    console = Console(stderr=True)
    if console.is_terminal:
        report.render_rich(explanation, console)
    else:
        click.echo(report.render_plain(explanation), err=True, nl=False)


# -- config ---------------------------------------------------------------------------------


@main.command("config")
@click.option("-f", "--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people, json for tools.")
@pipeline_options
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None, metavar="N",
              help="Pages processed in parallel (0: one per CPU).")
def config_command(output_format: str, **opts: Any) -> None:
    """Show the effective settings and where each came from.

    Each setting comes from the command line, else the config file, else the default.
    The config file is --config PATH, or else the nearest ocrfix.toml (plain keys), or
    pyproject.toml with a [tool.ocrfix] table, from the current folder upward; in one
    folder ocrfix.toml wins.

    \b
    Keys (ocrfix.toml; the same under [tool.ocrfix] in pyproject.toml):
      enable = ["punct-fullwidth"]    # rule ids, see `ocrfix rules`
      disable = ["space-cjk"]
      latin_spacing = "remove"        # remove | keep | add
      convert = "t2s"                 # an OpenCC conversion, or "none"
      headlines = "auto"              # auto | before | after
      format = "txt"                  # split's format: txt | md | json | jsonl
      jobs = 0                        # pages in parallel, 0 = one per CPU
      [rules]                         # [tool.ocrfix.rules]: one rule a line
      space-cjk = false

    \b
    Examples:
      ocrfix config
      ocrfix config --convert t2s --format json
      ocrfix config --config ~/ocrfix.toml
    """
    resolved = _settings(opts)
    if output_format == "json":
        click.echo(json.dumps(resolved.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(resolved.render(), nl=False)

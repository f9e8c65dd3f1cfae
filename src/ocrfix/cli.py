"""The ``ocrfix`` command: parse options, call the library, print.

Results go to stdout (UTF-8); messages (warnings, errors, the summary, the progress
bar) go to stderr. Exit status:

- 0: every page went through (an empty page is a warning, not a failure);
- 1: a page failed (missing, unreadable, not text, undecodable, an output that
  exists or is an input, a ``--check`` that found a lost character);
- 2: a usage error (unknown option or rule id, bad value, bad config file);
- 130: interrupted (Ctrl-C), without a traceback;
- 141 (128 + SIGPIPE, what ``cat`` gives): stdout was closed early
  (``ocrfix clean big.txt | head -1``); nothing is printed.
"""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__, batch, convert, io, report, settings, storage
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
        raise click.BadParameter(f"unknown rule id {unknown[0]!r}; known rule ids: {', '.join(BY_ID)} (see `ocrfix rules`)")
    return ids


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
                 help="Turn a rule on (repeatable). See `ocrfix rules`."),
    click.option("--disable", "disable", multiple=True, metavar="RULE", callback=_check_rule_ids,
                 help="Turn a rule off (repeatable)."),
    click.option("--latin-spacing", type=click.Choice(LATIN_SPACING_CHOICES), default=None,
                 help="Spaces between Chinese and Latin letters or digits: remove (default), keep or add."),
    click.option("--headlines", type=click.Choice(HEADLINE_CHOICES), default=None,
                 help="Whether headlines come before or after their article in the OCR text (default: auto)."),
    click.option("--convert", default=None, metavar="NAME",
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
    click.option("--force", is_flag=True, help="Overwrite existing output files."),
    click.option("--check", is_flag=True,
                 help="Verify that every non-space character of each page reached the output; exit 1 if not."),
    click.option("--dask", "dask", default=None, metavar="ADDRESS",
                 help="Run on a Dask cluster: a scheduler (tcp://host:8786), or local to start one of --jobs "
                      "worker processes. Needs pip install 'ocrfix[dask]'. Pages and -o may then be URLs "
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


def _expand(args: tuple[str, ...], pattern: str) -> list[batch.Source]:
    try:
        return batch.expand(args, pattern)
    except storage.StorageError as error:
        raise _Fatal(str(error)) from None


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
    """Messages on stderr, through the progress bar's console while it shows."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
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


def _progress(messages: _Messages, total: int):
    """A rich progress bar on stderr for many pages on a terminal; otherwise nothing."""
    if messages.quiet or total < 2 or not sys.stderr.isatty():
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
    """


# -- clean and split ------------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(allow_dash=True), metavar="PATH",
              help="Write to this file instead of stdout; a folder (DIR/<stem>.txt) if it is one, ends in /, "
                   "or there are several inputs.")
@pipeline_options
@batch_options
@_handle_interrupts
def clean(files: tuple[str, ...], output: str | None, **opts: Any) -> None:
    """Clean pages: rejoin lines into paragraphs, fix spacing and punctuation.

    FILE may be a folder (walked for *.txt). Several pages on stdout are printed
    one after the other, in argument order.

    \b
    Examples:
      ocrfix clean page.txt
      cat page.txt | ocrfix clean - > page.clean.txt
      ocrfix clean page.txt -o page.clean.txt
      ocrfix clean pages/ -o cleaned/ --jobs 4
      ocrfix clean page.txt --disable space-cjk --latin-spacing keep
    """
    resolved = _settings(opts)
    sources = _expand(files, opts["glob"])
    many = len(files) > 1 or any(os.path.isdir(storage.local(f)) for f in files) or len(sources) > 1
    to_stdout = output is None or output == "-"
    out_dir: Path | str | None = None
    if not to_stdout:
        output = storage.local(output)
    if not to_stdout and many:
        out_dir = _output_folder(output, "with several inputs, -o must be a folder")
    elif not to_stdout and (os.path.isdir(output) or output.endswith(("/", os.sep))):
        out_dir = _output_folder(output, "-o ending in / must be a folder")
    names = batch.folder_names(sources, "txt")
    stdout = sys.stdout.buffer

    def write(result: batch.PageResult, n: int, outputs: batch.Outputs) -> None:
        if to_stdout:
            stdout.write(result.text.encode("utf-8"))
            stdout.flush()
        else:
            outputs.write(storage.join(out_dir, names[n]) if out_dir else output, result.text)

    _run("clean", sources, resolved, opts, write)


@main.command()
@click.argument("pages", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(file_okay=False), metavar="DIR",
              help="Write DIR/<page stem>/NN-<title>.<format> per item, and index.json; with --format jsonl, "
                   "JSON Lines shards DIR/part-00000.jsonl, ...")
@click.option("-f", "--format", "format", type=click.Choice(SPLIT_FORMATS), default=None,
              help="Item file format: txt (default with -o), md, json; jsonl prints JSON Lines to stdout "
                   "(the default without -o), or writes shards with -o.")
@click.option("--shard-pages", type=click.IntRange(min=1), default=1000, show_default=True, metavar="N",
              help="With --format jsonl -o DIR: the items of every N pages (in input order) form one shard.")
@pipeline_options
@batch_options
@_handle_interrupts
def split(pages: tuple[str, ...], output: str | None, shard_pages: int, **opts: Any) -> None:
    """Split pages into articles, captions and other items.

    With -o DIR, each page gets a folder DIR/<page stem>/ with one file per item
    (NN-<title>.txt; NN-untitled, NN-caption, NN-other where there is no title) and
    index.json listing the items, their fields and source lines. Without -o, items
    are printed as JSON Lines, one object per item with a "page" field; with
    --format jsonl -o DIR, they go to shards DIR/part-00000.jsonl, ... (--shard-pages
    pages each), which a corpus pipeline can read in parallel.

    \b
    Examples:
      ocrfix split page.txt -o articles/
      ocrfix split pages/ -o articles/ --format md --jobs 4
      ocrfix split page.txt | jq -r .title
      ocrfix split page.txt --headlines after --check -o articles/
      ocrfix split 's3://bucket/pages/**/*.txt' --format jsonl -o s3://bucket/items/ --dask tcp://host:8786
    """
    resolved = _settings(opts)
    origin = resolved.origins.get("format")
    if origin == settings.DEFAULT_ORIGIN:
        fmt = "txt" if output else "jsonl"
    elif origin != settings.CLI_ORIGIN and not output:
        fmt = "jsonl"  # a config file's format is for files (-o); without -o, JSON Lines
    else:
        fmt = resolved.format
    if not output and fmt != "jsonl":
        raise click.UsageError(f"--format {fmt} writes files: give -o DIR (or use --format jsonl for stdout)")
    sources = _expand(pages, opts["glob"])
    out_dir = _output_folder(storage.local(output), "-o must be a folder") if output else None
    shards = None
    if out_dir is not None and fmt == "jsonl":  # JSON Lines shards, written here in input order
        shards = batch.Shards(out_dir, shard_pages)
    elif out_dir is not None:  # each page's folder, written by whichever process splits the page
        sources = [replace(s, target=str(storage.join(out_dir, name)))
                   for s, name in zip(sources, batch.folder_names(sources))]
    stdout = sys.stdout.buffer

    def write(result: batch.PageResult, n: int, outputs: batch.Outputs) -> None:
        if result.files is not None:  # a folder only this process can write (memory://)
            outputs.write_page(result.source.target, result.files)
        elif shards is not None:
            shards.add(n, result.output, outputs)
        elif result.output is not None:
            stdout.write(result.output.encode("utf-8"))
            stdout.flush()

    _run("split", sources, resolved, opts, write, file_format=fmt if output and not shards else None,
         finish=shards.close if shards else None)


def _output_folder(output: str, problem: str) -> Path | str:
    """``output`` as a folder: an existing one, or a new one when it does not exist yet and
    is not an existing file. A URL stays a URL."""
    if storage.is_url(output):
        try:
            storage.make_folder(output)
        except storage.StorageError as error:
            raise _Fatal(str(error)) from None
        return output
    path = Path(output)
    if path.exists() and not path.is_dir():
        raise click.UsageError(f"{problem}, and {output} is a file")
    if not path.exists():
        try:
            path.mkdir(parents=True)
        except OSError as error:
            raise click.UsageError(f"cannot create the output folder {output}: {error.strerror}") from None
    return path


def _run(mode: batch.Mode, sources: list[batch.Source], resolved: settings.Settings, opts: dict[str, Any],
         write: Callable[[batch.PageResult, int, batch.Outputs], None], *, file_format: str | None = None,
         finish: Callable[[batch.Outputs], None] | None = None) -> None:
    """Process the pages, write each result in input order (or have the workers write
    files in ``file_format``), then ``finish`` (the last shard); report failures, exit 1 if any."""
    started = time.monotonic()
    messages = _Messages(opts["quiet"])
    inputs = tuple(s.path for s in sources if s.path)
    job = batch.Job(mode, resolved.config, opts["encoding"], opts["errors"], opts["check"],
                    file_format=file_format, force=opts["force"], inputs=inputs)
    outputs = batch.Outputs(inputs, force=opts["force"])
    pages = items = failures = 0
    hinted = messages.quiet or resolved.config.convert is not None  # the Traditional hint: once a run
    with _engine(opts, sources, job, _jobs(resolved)) as run, _progress(messages, len(sources)) as progress:
        if progress is not None:
            messages.console = progress.console
            task = progress.add_task(mode, total=len(sources))
        for n, result in enumerate(run):
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
                    write(result, n, outputs)
                except io.OutputError as error:
                    messages.error(str(error))
                    failures += 1
                except BrokenPipeError:
                    raise  # stdout closed: see _handle_interrupts
                except OSError as error:
                    messages.error(f"{error.filename or result.source.name}: cannot write: {error.strerror or error}")
                    failures += 1
                if result.check_failure:
                    messages.error(f"{result.source.name}: --check: {result.check_failure}")
                    failures += 1
            if failures and opts["fail_fast"]:
                messages.info(f"stopped at the first failure (--fail-fast); {_plural(len(sources) - n - 1, 'page')} left out")
                break
    if finish is not None:
        try:
            finish(outputs)
        except (io.OutputError, OSError) as error:
            messages.error(str(error) if isinstance(error, io.OutputError)
                           else f"{error.filename}: cannot write: {error.strerror or error}")
            failures += 1
    seconds = time.monotonic() - started
    counted = f", {_plural(items, 'item')}" if mode == "split" else ""
    messages.info(f"{_plural(pages, 'page')}{counted}, {_plural(failures, 'failure')}, {seconds:.2f} s")
    if failures:
        raise click.exceptions.Exit(EXIT_FAILED)


TRADITIONAL_HINT = "the text looks like Traditional Chinese; add --convert t2s to convert it to Simplified"


# -- rules and explain -------------------------------------------------------------------------


@main.command()
def rules() -> None:
    """List every rule: its id, whether it is on by default, and what it does.

    A table on a terminal; tab-separated lines (id, on/off, description) in a pipe.

    \b
    Examples:
      ocrfix rules
      ocrfix rules | grep space-
    """
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

"""Score the page splitter on simulated pages (tests/simulate.py) with the official scorer.

    python benchmarks/simeval.py --pages 200 --seed 1
    python benchmarks/simeval.py --pages 50 --headlines after --worst 5
    python benchmarks/simeval.py --pages 50 --script traditional \\
        --cmd 'ocrfix split {page} --format jsonl --convert t2s'
    python benchmarks/simeval.py --pages 20 --dump /tmp/simpages     # write pages, no scoring
    python benchmarks/simeval.py --seed 1 --only 17 --out /tmp/p17    # one page again, kept

Page i of seed S is drawn from ``random.Random("simeval:S:i")``, so ``--only i`` rebuilds
exactly the page that ``--worst`` named. Pages go to a temporary directory that is
removed afterwards, unless ``--out DIR`` (pages, gold and predictions kept) or
``--dump DIR`` (pages and gold only) is given. By default the splitter runs in process
(``ocrfix.split(text, config=ocrfix.Config(...))``); ``--cmd`` runs any command that
prints JSON Lines for ``{page}`` instead. The scorer is ``score()`` from
../shared/tools/score.py beside the repository (``--scorer PATH`` or $OCRFIX_SCORER to use another copy).

Means are printed to stdout, one ``key=value`` line (``--json`` for JSON); per-page rows
(``--each``) and the worst pages (``--worst K``) go to stderr.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pathlib
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import traceback

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import simulate  # noqa: E402  (tests/simulate.py)

DEFAULT_SCORER = str(pathlib.Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py")
KEYS = ("seg_f1", "title_f1", "meta_f1", "para_f1", "cer", "artifacts")


def load_scorer(path: str):
    """``score(gold_items, pred_items)`` from the scorer file at ``path``."""
    if not pathlib.Path(path).is_file():
        sys.exit(f"simeval: scorer not found at {path}; pass --scorer PATH or set OCRFIX_SCORER "
                 "(the official one is ../shared/tools/score.py beside the repository)")
    spec = importlib.util.spec_from_file_location("ocrfix_official_score", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SystemExit as e:     # score.py exits when rapidfuzz is missing
        sys.exit(f"simeval: cannot load the scorer {path}: {e}")
    return module.score


def page_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"simeval:{seed}:{index}")


def make_page(corpus, seed: int, index: int, args) -> simulate.Page:
    rng = page_rng(seed, index)
    headlines = None if args.headlines == "mixed" else args.headlines
    overrides = {"headlines": headlines, "script": args.script}
    if args.width:
        overrides["width"] = args.width
    if args.articles:
        overrides["articles"] = args.articles
    return simulate.random_page(rng, corpus, **overrides)


def predict_in_process(text: str, args, headlines: str) -> list[dict]:
    import ocrfix

    options = {}
    if args.script == "traditional":
        options["convert"] = "t2s"
    if args.tell_headlines:
        options["headlines"] = headlines
    items = ocrfix.split(text, config=ocrfix.Config(**options))
    return [item.to_dict() for item in items]


def predict_command(template: str, page_path: pathlib.Path) -> tuple[list[dict], str]:
    cmd = template.replace("{page}", shlex.quote(str(page_path)))
    try:
        run = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return [], "timed out after 120 s"
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or [""])[-1]
        return [], f"exit {run.returncode}: {last[-200:]}"
    try:
        return [json.loads(line) for line in run.stdout.splitlines() if line.strip()], ""
    except json.JSONDecodeError as e:
        return [], f"bad JSON Lines on stdout: {e}"


def parse_only(text: str | None) -> list[int] | None:
    if not text:
        return None
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--pages", type=int, default=200, help="number of pages (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="run seed (default 1)")
    parser.add_argument("--only", help="comma-separated page indices to build (e.g. 17 or 3,17)")
    parser.add_argument("--headlines", choices=("before", "after", "mixed"), default="mixed",
                        help="where the OCR put headlines: per page at random (mixed, default) or always")
    parser.add_argument("--tell-headlines", action="store_true",
                        help="tell the splitter each page's true headline order (Config.headlines; in process only)")
    parser.add_argument("--script", choices=("simplified", "traditional"), default="simplified",
                        help="traditional: raw pages converted with OpenCC s2t, gold stays Simplified")
    parser.add_argument("--width", type=int, help="fix every article's column width (display units)")
    parser.add_argument("--articles", type=int, help="fix the number of articles per page")
    parser.add_argument("--cmd", help="shell command printing JSON Lines for {page}, instead of ocrfix.split")
    parser.add_argument("--out", help="keep pages, gold and predictions (.pred.jsonl) in this directory")
    parser.add_argument("--dump", help="only write pages and gold files to this directory; no scoring")
    parser.add_argument("--corpus", help="corpus JSON Lines (default: the shared People's Daily corpus)")
    parser.add_argument("--scorer", default=os.environ.get("OCRFIX_SCORER", DEFAULT_SCORER),
                        help=f"path of score.py (default {DEFAULT_SCORER})")
    parser.add_argument("--each", action="store_true", help="print every page's scores to stderr")
    parser.add_argument("--worst", type=int, default=0, metavar="K", help="list the K worst pages on stderr")
    parser.add_argument("--json", action="store_true", help="print the means as JSON")
    args = parser.parse_args(argv)
    if args.out and args.dump:
        parser.error("--out and --dump are exclusive: --dump only writes pages")

    corpus = simulate.load_corpus(args.corpus)
    indices = parse_only(args.only) or list(range(args.pages))
    directory = pathlib.Path(args.dump or args.out or tempfile.mkdtemp(prefix="ocrfix-simeval-"))
    directory.mkdir(parents=True, exist_ok=True)
    keep = bool(args.dump or args.out)
    score = None if args.dump else load_scorer(args.scorer)

    rows = []
    try:
        for index in indices:
            page = make_page(corpus, args.seed, index, args)
            name = f"sim-{args.seed}-{index:04d}"
            page_path = directory / f"{name}.txt"
            page_path.write_text(page.text, encoding="utf-8")
            (directory / f"{name}.gold.json").write_text(
                json.dumps(page.gold(page_path.name), ensure_ascii=False, indent=1), encoding="utf-8")
            if args.dump:
                continue
            error = ""
            if args.cmd:
                pred, error = predict_command(args.cmd, page_path)
            else:
                try:
                    pred = predict_in_process(page.text, args, page.layout["headlines"])
                except Exception:   # one crashing page must not hide the others' scores
                    pred, error = [], traceback.format_exc(limit=3).strip().splitlines()[-1]
            if args.out:
                (directory / f"{name}.pred.jsonl").write_text(
                    "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in pred), encoding="utf-8")
            result = score(page.items, pred)
            result.update(name=name, index=index, error=error, headlines=page.layout["headlines"])
            rows.append(result)
            if args.each:
                shown = {k: result[k] for k in (*KEYS, "gold_items", "pred_items", "headlines")}
                print(name, shown, error, file=sys.stderr)
    finally:
        if not keep:
            shutil.rmtree(directory, ignore_errors=True)

    if args.dump:
        print(f"wrote {len(indices)} pages and gold files to {directory}", file=sys.stderr)
        return 0

    summary = {k: round(statistics.mean([r[k] for r in rows if r[k] is not None] or [0]), 4) for k in KEYS}
    summary["pages"] = len(rows)
    summary["failed_runs"] = sum(1 for r in rows if r["error"])
    if args.worst:
        worst = sorted(rows, key=lambda r: (r["seg_f1"], r["para_f1"], -r["cer"]))[:args.worst]
        print(f"worst {len(worst)} pages (rebuild one with: --seed {args.seed} --only INDEX --out DIR):",
              file=sys.stderr)
        for r in worst:
            where = directory / f"{r['name']}.txt" if keep else f"--only {r['index']}"
            print(f"  index={r['index']} seg_f1={r['seg_f1']} para_f1={r['para_f1']} cer={r['cer']} "
                  f"title_f1={r['title_f1']} gold/pred items={r['gold_items']}/{r['pred_items']} "
                  f"headlines={r['headlines']} {where} {r['error']}".rstrip(), file=sys.stderr)
    if summary["failed_runs"]:
        first = next(r for r in rows if r["error"])
        print(f"{summary['failed_runs']} page(s) failed; first: {first['name']}: {first['error']}", file=sys.stderr)
    print(json.dumps(summary) if args.json else " ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""warta's throughput benchmark: one command, a table on stdout, benchmarks/results.json.

    python benchmarks/run.py [--articles 200] [--workers 2] [--skip-dask]

Corpus: real news when ../shared/data/dev is present next to the repository (IndoSum
Indonesian articles, detokenized; the Guardian English sample), else the bundled examples
repeated. Nothing from ../shared is copied into the repository.

Measured: start-up (import + resources, then the first document per language, which loads
that language's packs), whole-pipeline throughput on one core in sentences/s and articles/s
(wall and CPU time: on a shared machine CPU time is the honest per-core figure), peak RSS,
scaling from 1 to N workers with the process and Dask engines, and single large documents
(900 KB and 2 MB) coded into --db and into JSONL, with the time and peak RSS of each run.

    python benchmarks/run.py --large-only   # only the large documents (minutes: 4 runs)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "dev"
INDOSUM = SHARED / "indosum" / "dev.01.jsonl"
GUARDIAN = SHARED / "english_articles" / "Guardian_SDF_sample.csv.zip"
RESULTS = Path(__file__).resolve().parent / "results.json"

sys.path.insert(0, str(ROOT))


# -- corpus ---------------------------------------------------------------------------------

_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{]) ")
_QUOTES = re.compile(r'" ([^"]*?) "')


def detokenize(tokens: list[str]) -> str:
    """IndoSum's pre-tokenized sentences back to running text."""
    text = " ".join(tokens)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    return _QUOTES.sub(r'"\1"', text)


def indosum(limit: int) -> list[dict[str, Any]]:
    articles = []
    with INDOSUM.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            paragraphs = ["  ".join(detokenize(s) for s in p) for p in record["paragraphs"]]
            articles.append({"text": "\n\n".join(paragraphs), "language": "id",
                             "published": None, "origin": f"indosum:{record['id']}"})
            if len(articles) >= limit:
                break
    return articles


def guardian(limit: int) -> list[dict[str, Any]]:
    articles = []
    with zipfile.ZipFile(GUARDIAN) as archive:
        name = archive.namelist()[0]
        reader = csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8"))
        for row in reader:
            if row.get("text", "").strip():
                articles.append({"text": row["text"], "language": "en",
                                 "published": row.get("date") or None,
                                 "origin": f"guardian:{row.get('')}"})
            if len(articles) >= limit:
                break
    return articles


def examples(limit: int) -> list[dict[str, Any]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    # Distinct texts (a numbered line) so that nothing is deduplicated away.
    return [{"text": f"{texts[n % len(texts)]}\n\n({n})", "language": None,
             "published": "2021-12-08", "origin": f"example:{n}"} for n in range(limit)]


def corpora(limit: int) -> dict[str, list[dict[str, Any]]]:
    if INDOSUM.exists() and GUARDIAN.exists():
        return {"id (IndoSum)": indosum(limit), "en (Guardian)": guardian(limit)}
    return {"bundled examples": examples(limit)}


def documents(articles: list[dict[str, Any]]) -> list[Any]:
    from warta.model import Document, content_id

    return [Document(raw=a["text"], published=a["published"], language_hint=a["language"],
                     origin=a["origin"], meta={"input_key": content_id(a["text"])})
            for a in articles]


# -- measurements ---------------------------------------------------------------------------

STARTUP = """
import time, json, resource
t0 = time.perf_counter()
from warta.pipeline import default_pipeline
from warta.model import Document
pipeline = default_pipeline()
t1 = time.perf_counter()
pipeline.process(Document(raw="Presiden Joko Widodo bertemu Perdana Menteri Malaysia di "
                          "Jakarta pada hari Senin.", language_hint="id"))
t2 = time.perf_counter()
pipeline.process(Document(raw="President Joe Biden met Prime Minister Kishida in Tokyo on "
                          "Monday.", language_hint="en"))
t3 = time.perf_counter()
cpu = time.process_time()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_and_resources_s": t1 - t0, "first_id_document_s": t2 - t1,
                  "first_en_document_s": t3 - t2, "cpu_s": cpu, "rss_after_warmup_mb": rss}))
"""


def startup() -> dict[str, float]:
    """In a fresh interpreter: what a user waits for before the first event."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                          cwd=ROOT)
    if done.returncode:
        sys.exit(f"the pipeline failed to start:\n{done.stderr[-2000:]}")
    out = done.stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["process_total_s"] = time.perf_counter() - start
    return {k: round(v, 3) for k, v in result.items()}


def single_core(docs: list[Any], use_model: bool = True) -> dict[str, float]:
    """The whole pipeline in this process, after warm-up, one document after another
    (`use_model=False`: the lexicons alone, as `warta code --no-model`)."""
    from warta.pipeline import Pipeline, default_pipeline
    from warta.resources import Resources
    from warta.runner import code_document

    pipeline = default_pipeline() if use_model else Pipeline(Resources(use_model=False))
    for doc in documents([{"text": d.raw, "language": d.language_hint, "published": None,
                           "origin": "warmup"} for d in docs[:3]]):
        pipeline.process(doc)
    wall, cpu = time.perf_counter(), time.process_time()
    sentences = events = coded = 0
    for doc in docs:
        outcome = code_document(doc, pipeline.process)
        if outcome.status == "coded" and outcome.document is not None:
            coded += 1
            sentences += len(outcome.document.sentences)
            events += len(outcome.records)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "articles": len(docs), "coded": coded, "sentences": sentences, "events": events,
        "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
        "sentences_per_s_wall": round(sentences / wall, 1),
        "sentences_per_cpu_s": round(sentences / cpu, 1),
        "articles_per_cpu_s": round(len(docs) / cpu, 2),
    }


def engine_run(name: str, workers: int, docs: list[Any]) -> dict[str, float]:
    """Wall time of one engine over the corpus, after each worker has warmed up."""
    import psutil

    from warta.engines import make_engine

    def workers_cpu() -> float:
        total = 0.0
        for child in psutil.Process().children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    engine = make_engine(name, workers=workers)
    try:
        warm = [(None, docs[i:i + 1]) for i in range(workers * 2)]
        list(engine.map(warm))  # loads the pipeline and both languages on the workers
        batches = [(None, docs[i:i + 8]) for i in range(0, len(docs), 8)]
        start, cpu, main_cpu = time.perf_counter(), workers_cpu(), time.process_time()
        sentences = sum(len(o.document.sentences) for _, outs in engine.map(batches)
                        for o in outs if o.status == "coded" and o.document is not None)
        wall, cpu = time.perf_counter() - start, workers_cpu() - cpu
        main_cpu = time.process_time() - main_cpu
    finally:
        engine.close()
    return {"engine": name, "workers": workers, "wall_s": round(wall, 3),
            "articles_per_s": round(len(docs) / wall, 2),
            "sentences_per_s": round(sentences / wall, 1), "workers_cpu_s": round(cpu, 2),
            "main_process_cpu_s": round(main_cpu, 2),
            "sentences_per_worker_cpu_s": round(sentences / cpu, 1) if cpu else None}


def end_to_end(articles: list[dict[str, Any]], engine: str, workers: int) -> dict[str, Any]:
    """`warta code corpus.jsonl --db ...` as a user runs it: reading, coding, the store."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for a in articles:
                handle.write(json.dumps({"text": a["text"], "language": a["language"],
                                         "published": a["published"]}) + "\n")
        # The installed console script, as users run it (its main is guarded for spawn).
        command = [str(Path(sys.executable).parent / "warta"), "code", str(corpus), "--db",
                   str(Path(tmp) / "events.duckdb"), "--quiet", "--log-json",
                   "--engine", engine, "--workers", str(workers)]
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - start
    summary = next((json.loads(line) for line in done.stderr.splitlines()
                    if line.startswith('{"event": "summary"')), {})
    return {"engine": engine, "workers": workers, "articles": len(articles),
            "wall_s_including_startup": round(wall, 2), "coded": summary.get("coded"),
            "events": summary.get("events"),
            "articles_per_s": round(len(articles) / wall, 2)}


LARGE_SIZES = (900_000, 2_000_000)  # characters: a long report, and just under --max-chars


def large_text(articles: list[dict[str, Any]], size: int) -> str:
    """One document of `size` characters made of the corpus's articles, one after another
    (repeated when the corpus is shorter), as a long report or a pasted archive would be."""
    parts: list[str] = []
    length, n = 0, 0
    while length < size:
        text = articles[n % len(articles)]["text"] + "\n\n"
        parts.append(text)
        length += len(text)
        n += 1
    return "".join(parts)[:size]


def timed_command(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB of that command alone, exit status)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             cwd=ROOT)
    # wait4 gives this child's own peak RSS (RUSAGE_CHILDREN would be the largest so far).
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, child.returncode


def large_documents(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`warta code big.txt` into --db and into --out JSONL, per size: the store's writes and
    clustering must stay in proportion to the events (issue 13: 68 s into --db against 7.9 s
    into JSONL before)."""
    import tempfile

    warta = str(Path(sys.executable).parent / "warta")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in LARGE_SIZES:
            path = Path(tmp) / f"large-{size}.txt"
            path.write_text(large_text(articles, size), encoding="utf-8")
            base = [warta, "code", str(path), "--published", "2021-12-08", "--quiet"]
            jsonl_s, jsonl_mb, jsonl_rc = timed_command(
                [*base, "--out", str(Path(tmp) / f"large-{size}.jsonl")])
            db_s, db_mb, db_rc = timed_command([*base, "--db", str(Path(tmp) / f"{size}.duckdb")])
            out = Path(tmp) / f"large-{size}.jsonl"
            events = sum(1 for _ in out.open()) if out.exists() else None
            rows.append({"characters": size, "events": events,
                         "jsonl_s": round(jsonl_s, 2), "jsonl_peak_rss_mb": round(jsonl_mb),
                         "db_s": round(db_s, 2), "db_peak_rss_mb": round(db_mb),
                         "db_over_jsonl": round(db_s / jsonl_s, 2),
                         "exit_status": [jsonl_rc, db_rc]})
    return rows


def _burn(n: int) -> float:
    start, x = time.perf_counter(), 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - start


def parallel_control(workers: int, n: int = 10_000_000) -> float:
    """Speed-up of a plain CPU loop in `workers` processes: what this machine gives right now
    (other jobs on a shared machine take cores), the ceiling for any engine's speed-up."""
    import multiprocessing

    one = _burn(n)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n] * workers)
        many = time.perf_counter() - start
    return round(workers * one / many, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="articles per language")
    parser.add_argument("--workers", type=int, default=2, help="most workers in scaling")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--skip-large", action="store_true",
                        help="leave out the 900 KB and 2 MB documents")
    parser.add_argument("--large-only", action="store_true",
                        help="only the 900 KB and 2 MB documents (results not written)")
    args = parser.parse_args()
    if args.large_only:
        rows = large_documents([a for arts in corpora(args.articles).values() for a in arts])
        print_large(rows)
        return

    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    "load_average_at_start": os.getloadavg()},
        "startup": startup(),
    }
    sets = corpora(args.articles)
    results["single_core"] = {name: single_core(documents(a)) for name, a in sets.items()}
    results["single_core_no_model"] = {name: single_core(documents(a), use_model=False)
                                       for name, a in sets.items()}
    mixed = documents([a for arts in sets.values() for a in arts])
    engines = ["process"] + ([] if args.skip_dask else ["dask"])
    results["scaling"] = [engine_run(name, n, mixed) for name in engines
                          for n in sorted({1, args.workers})]
    articles = [a for arts in sets.values() for a in arts]
    results["end_to_end"] = [end_to_end(articles, "local", 1),
                             end_to_end(articles, "process", args.workers)]
    if not args.skip_large:
        results["large_documents"] = large_documents(articles)
    results["peak_rss_mb"] = {
        "main_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "largest_child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["machine"]["parallel_control_speedup"] = parallel_control(args.workers)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


def print_table(results: dict[str, Any]) -> None:
    s = results["startup"]
    print(f"start-up ({s['cpu_s']:.1f} CPU-s in all): import + resources "
          f"{s['import_and_resources_s']} s; first document "
          f"(loads every language pack) {s['first_id_document_s']} s; first document in the "
          f"second language {s['first_en_document_s']} s; RSS after warm-up "
          f"{s['rss_after_warmup_mb']:.0f} MB")
    print(f"\n{'corpus':<18}{'articles':>9}{'sentences':>10}{'events':>8}{'sent/s wall':>13}"
          f"{'sent/CPU-s':>12}{'art/CPU-s':>11}")
    rows = [(name, r) for name, r in results["single_core"].items()] + [
        (f"{name}, no model", r) for name, r in results.get("single_core_no_model", {}).items()]
    for name, r in rows:
        print(f"{name:<18}{r['articles']:>9}{r['sentences']:>10}{r['events']:>8}"
              f"{r['sentences_per_s_wall']:>13}{r['sentences_per_cpu_s']:>12}"
              f"{r['articles_per_cpu_s']:>11}")
    print(f"\n{'engine':<10}{'workers':>8}{'wall s':>9}{'articles/s':>12}{'sentences/s':>13}"
          f"{'worker CPU s':>14}{'sent/worker-CPU-s':>19}{'main CPU s':>12}")
    for r in results["scaling"]:
        print(f"{r['engine']:<10}{r['workers']:>8}{r['wall_s']:>9}{r['articles_per_s']:>12}"
              f"{r['sentences_per_s']:>13}{r['workers_cpu_s']:>14}"
              f"{r['sentences_per_worker_cpu_s']!s:>19}{r['main_process_cpu_s']:>12}")
    for r in results["end_to_end"]:
        print(f"end to end: warta code corpus.jsonl --db (engine {r['engine']}, "
              f"{r['workers']} worker(s)): {r['articles']} articles in "
              f"{r['wall_s_including_startup']} s with start-up, {r['articles_per_s']} "
              f"articles/s, {r['events']} events")
    print(f"control: a plain CPU loop in {max(r['workers'] for r in results['scaling'])} "
          f"processes ran {results['machine']['parallel_control_speedup']}x as fast as in one "
          "(the most any engine could gain on this machine at this time)")
    print_large(results.get("large_documents", []))
    rss = results["peak_rss_mb"]
    print(f"\npeak RSS: main process {rss['main_process']} MB, largest worker "
          f"{rss['largest_child']} MB; load average {results['machine']['load_average_at_start']}"
          f" at start (a busy machine lowers wall-clock figures, not CPU-second ones)")



def print_large(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    print(f"\n{'large document':<16}{'events':>8}{'JSONL s':>9}{'JSONL RSS MB':>14}"
          f"{'--db s':>8}{'--db RSS MB':>13}{'--db / JSONL':>14}")
    for r in rows:
        print(f"{r['characters']:>10,} chars{r['events']:>8}{r['jsonl_s']:>9}"
              f"{r['jsonl_peak_rss_mb']:>14}{r['db_s']:>8}{r['db_peak_rss_mb']:>13}"
              f"{r['db_over_jsonl']:>14}")


if __name__ == "__main__":
    main()

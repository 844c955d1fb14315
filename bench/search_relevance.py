#!/usr/bin/env python
"""Relevance of site search on a labelled set of Chinese disclosures (MRR@10, nDCG@10, recall@10).

    .venv/bin/python bench/search_relevance.py [--corpus generated|legacy] [--half test|tune|all]
        [--backend ours|stock] [--json FILE] [--show N] [--keep]
    .venv/bin/python bench/search_relevance.py --combine A.json B.json …   # one table engine × kind

Builds a throwaway database (as bench/import_bench.py does; SQLite, or PostgreSQL with DATABASE_URL),
creates only a 信息公开 page under the home page (no demo content, so every indexed page is one of the
labelled set's disclosures or organisations), imports the corpus's disclosures.jsonl with the
importer, runs ``update_index``, sends every query of the chosen half through
``/search/?q=…&format=json`` with Django's test client and scores the first page (10 results)
against the graded judgements (keyed by page title).

The default corpus is bench/relevance/generated/ (written by bench/relevance/generate.py: 3 = exactly
what is sought, 2 = highly relevant, 1 = relevant), and the default half is "test": tune on "tune",
report "test". ``--corpus legacy`` is the older hand-written set (bench/relevance/, grades 2/1, no
halves), which search was tuned on. No-hit queries are not averaged in: their figure is the share
that returned no result. See bench/README.md.
"""

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _search_common as common  # noqa: E402

RELEVANCE = Path(__file__).resolve().parent / "relevance"
CORPORA = {"generated": RELEVANCE / "generated", "legacy": RELEVANCE}
K = 10
NO_HIT = "no-hit"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend",
        choices=["ours", "stock"],
        default="ours",
        help="ours: the configured SEARCH_BACKEND (default); stock: wagtail.search.backends.database",
    )
    parser.add_argument(
        "--corpus", choices=sorted(CORPORA), default="generated", help="generated (default) or legacy"
    )
    parser.add_argument(
        "--half",
        choices=["test", "tune", "all"],
        help="queries scored: test (default; report these), tune (tune on these), all (the legacy set's only)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE (JSON)")
    parser.add_argument("--label", help="engine name in the figures (default: the database or search engine)")
    parser.add_argument("--show", type=int, default=8, help="worst queries to print (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and database")
    parser.add_argument(
        "--combine", nargs="+", metavar="JSON", help="only print one table engine × kind from --json files"
    )
    return parser.parse_args()


# --- metrics ---------------------------------------------------------------------------------------------


def reciprocal_rank(grades, minimum=1):
    for rank, grade in enumerate(grades[:K], start=1):
        if grade >= minimum:
            return 1 / rank
    return 0.0


def dcg(grades):
    return sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(grades[:K], start=1))


def ndcg(grades, judgements):
    ideal = dcg(sorted(judgements.values(), reverse=True))
    return dcg(grades) / ideal if ideal else 0.0


def recall(grades, judgements):
    relevant = sum(1 for g in judgements.values() if g > 0)
    return sum(1 for g in grades[:K] if g > 0) / min(relevant, K) if relevant else 0.0


def score(query, titles):
    judgements = query["judgements"]
    grades = [judgements.get(title, 0) for title in titles]
    top = max(judgements.values(), default=0)
    return {
        "rr": reciprocal_rank(grades),
        "rr_top": reciprocal_rank(grades, minimum=top) if top else 0.0,
        "ndcg": ndcg(grades, judgements),
        "recall": recall(grades, judgements),
    }


def mean(rows, key):
    return sum(r[key] for r in rows) / len(rows) if rows else float("nan")


# --- run -------------------------------------------------------------------------------------------------


def load_set(tmp, data):
    """Import the labelled set (copied with its attachments into the temporary folder)."""
    from disclosures.importing import Importer

    folder = tmp / "relevance"
    shutil.copytree(data, folder, ignore=shutil.ignore_patterns("generated", "*.py", "__pycache__"))
    common.minimal_tree()
    report = Importer().run(folder / "disclosures.jsonl")
    if report.errors:
        for number, message in report.errors:
            print(f"  line {number}: {message}")
        raise SystemExit("the labelled set did not import cleanly")
    return report


def search(client, text):
    response = client.get("/search/", {"q": text, "format": "json"})
    assert response.status_code == 200, (text, response.status_code)
    data = json.loads(response.content)
    return data["total"], [row["title"] for row in data["results"]]


def load_queries(corpus, half):
    queries = json.loads((CORPORA[corpus] / "queries.json").read_text(encoding="utf-8"))
    if half != "all":
        if not all("half" in q for q in queries):
            raise SystemExit(f"the {corpus} set has no halves: use --half all")
        queries = [q for q in queries if q["half"] == half]
    return queries


def engine_label():
    from django.conf import settings
    from django.db import connection

    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    if "opensearch" in backend or "elasticsearch" in backend:
        return "opensearch"
    return connection.vendor


def summarise(rows):
    """Figures overall and per kind; no-hit queries apart (share that returned nothing)."""
    judged = [r for r in rows if r["kind"] != NO_HIT]
    by_kind = defaultdict(list)
    for row in judged:
        by_kind[row["kind"]].append(row)
    figures = {
        kind: {
            "n": len(group),
            "mrr": mean(group, "rr"),
            "mrr_top": mean(group, "rr_top"),
            "ndcg": mean(group, "ndcg"),
            "recall": mean(group, "recall"),
        }
        for kind, group in [*by_kind.items(), ("all", judged)]
    }
    no_hit = [r for r in rows if r["kind"] == NO_HIT]
    empty = sum(1 for r in no_hit if r["total"] == 0)
    return figures, {"n": len(no_hit), "empty": empty, "share_empty": empty / len(no_hit) if no_hit else None}


def print_table(figures, no_hit, targets=True):
    header = f"{'kind':<18}{'n':>4}{'MRR@10':>9}{'MRR@10(top)':>13}{'nDCG@10':>9}{'recall@10':>11}"
    print(header)
    print("-" * len(header))
    for kind, f in figures.items():
        if kind == "all":
            print("-" * len(header))
        print(
            f"{kind:<18}{f['n']:>4}{f['mrr']:>9.3f}{f['mrr_top']:>13.3f}{f['ndcg']:>9.3f}{f['recall']:>11.3f}"
        )
    if no_hit["n"]:
        print(
            f"{NO_HIT:<18}{no_hit['n']:>4}  returned no result: {no_hit['empty']}/{no_hit['n']} ({no_hit['share_empty']:.0%})"
        )
    print("MRR@10: first result judged ≥1; MRR@10(top): first result with the query's highest grade.")
    if targets:
        print("Targets (test half): MRR@10 ≥ 0.95, nDCG@10 ≥ 0.90, recall@10 ≥ 0.95.")


def combine(files):
    """One table engine × kind from the --json files of several runs."""
    runs = [json.loads(Path(f).read_text(encoding="utf-8")) for f in files]
    kinds = []
    for run in runs:
        kinds += [k for k in run["kinds"] if k not in kinds and k != "all"]
    kinds.append("all")
    print(f"corpus {runs[0]['corpus']}, half {runs[0]['half']}; cells: MRR@10 / nDCG@10 / recall@10")
    header = f"{'kind':<18}" + "".join(f"{run['engine']:>24}" for run in runs)
    print(header)
    print("-" * len(header))
    for kind in kinds:
        if kind == "all":
            print("-" * len(header))
        cells = []
        for run in runs:
            f = run["kinds"].get(kind)
            cells.append(f"{f['mrr']:.2f} / {f['ndcg']:.2f} / {f['recall']:.2f}" if f else "—")
        print(f"{kind:<18}" + "".join(f"{c:>24}" for c in cells))
    cells = []
    for run in runs:
        n = run["no_hit"]
        cells.append(f"{n['empty']}/{n['n']} empty" if n["n"] else "—")
    print(f"{NO_HIT:<18}" + "".join(f"{c:>24}" for c in cells))
    return 0


def main():
    args = parse_args()
    if args.combine:
        return combine(args.combine)
    args.half = args.half or ("test" if args.corpus == "generated" else "all")
    queries = load_queries(args.corpus, args.half)
    tmp = Path(tempfile.mkdtemp(prefix="wucheng-relevance-bench-"))
    connection = old_name = None
    try:
        connection, old_name = common.setup(tmp, args.backend)
        from django.test import Client
        from wagtail.models import Page

        print(f"backend:  {common.backend_label(args.backend)}")
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
        print(f"corpus:   {CORPORA[args.corpus].relative_to(RELEVANCE.parent.parent)}, half {args.half}")
        started = time.perf_counter()
        report = load_set(tmp, CORPORA[args.corpus])
        print(
            f"imported: {report.created} disclosures, {report.organisations_created} organisations "
            f"in {time.perf_counter() - started:.1f} s; update_index {common.update_index():.1f} s; "
            f"{Page.objects.live().count()} live pages"
        )

        client = Client()
        for query in queries[:3]:  # warm-up (jieba's dictionary, OpenCC, connections)
            search(client, query["query"])
        rows = []
        for query in queries:
            total, titles = search(client, query["query"])
            rows.append({**query, **score(query, titles), "total": total, "titles": titles})
        from search import query_log

        query_log.flush()  # the search statistics, written now (at exit the throwaway database is gone)

        print()
        print(f"{len(queries)} queries, first page of {K}")
        figures, no_hit = summarise(rows)
        print_table(figures, no_hit, targets=args.corpus == "generated")

        if args.json:
            label = args.label or engine_label()
            if args.backend == "stock":
                label += " (stock)"
            Path(args.json).write_text(
                json.dumps(
                    {
                        "engine": label,
                        "corpus": args.corpus,
                        "half": args.half,
                        "kinds": figures,
                        "no_hit": no_hit,
                        "queries": [
                            {k: r[k] for k in ("query", "kind", "rr", "ndcg", "recall", "total", "titles")}
                            for r in rows
                        ],
                    },
                    ensure_ascii=False,
                    indent=1,
                ),
                encoding="utf-8",
            )
            print(f"figures written to {args.json}")

        print()
        print(f"worst {args.show} queries (by nDCG@10, then MRR@10; no-hit queries that found something):")
        judged = [r for r in rows if r["kind"] != NO_HIT]
        for row in sorted(judged, key=lambda r: (r["ndcg"], r["rr"]))[: args.show]:
            print(
                f"  [{row['kind']}] {row['query']!r}: nDCG {row['ndcg']:.2f}, RR {row['rr']:.2f}, "
                f"recall {row['recall']:.2f}, total {row['total']}"
            )
            for rank, title in enumerate(row["titles"][:5], start=1):
                print(f"      {rank}. ({row['judgements'].get(title, 0)}) {title}")
            missing = [t for t, g in row["judgements"].items() if g and t not in row["titles"]]
            if missing:
                print(f"      missing: {'、'.join(missing[:6])}{' …' if len(missing) > 6 else ''}")
        for row in rows:
            if row["kind"] == NO_HIT and row["total"]:
                print(f"  [no-hit] {row['query']!r}: {row['total']} results, first: {row['titles'][:1]}")
        return 0
    finally:
        common.teardown(connection, old_name, tmp, args.keep)


if __name__ == "__main__":
    sys.exit(main())

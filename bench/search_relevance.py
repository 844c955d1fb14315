#!/usr/bin/env python
"""Relevance of site search on a labelled set of Chinese disclosures (MRR@10, nDCG@10, recall@10).

    .venv/bin/python bench/search_relevance.py [--backend ours|stock] [--show N] [--keep]

Builds a throwaway database (as bench/import_bench.py does; SQLite, or PostgreSQL with DATABASE_URL),
creates only a 信息公开 page under the home page (no demo content, so every indexed page is one of the
labelled set's disclosures or organisations), imports bench/relevance/disclosures.jsonl with the
importer, runs ``update_index``, sends every query of bench/relevance/queries.json through
``/search/?q=…&format=json`` with Django's test client and scores the first page (10 results)
against the graded judgements (2 = exactly what is sought, 1 = relevant; keyed by page title).
See bench/README.md.
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

DATA = Path(__file__).resolve().parent / "relevance"
K = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend",
        choices=["ours", "stock"],
        default="ours",
        help="ours: the configured SEARCH_BACKEND (default); stock: wagtail.search.backends.database",
    )
    parser.add_argument("--show", type=int, default=8, help="worst queries to print (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and database")
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
    return {
        "rr": reciprocal_rank(grades),
        "rr2": reciprocal_rank(grades, minimum=2),
        "ndcg": ndcg(grades, judgements),
        "recall": recall(grades, judgements),
    }


def mean(rows, key):
    return sum(r[key] for r in rows) / len(rows) if rows else float("nan")


# --- run -------------------------------------------------------------------------------------------------


def load_set(tmp):
    """Import the labelled set (copied with its attachments into the temporary folder)."""
    from disclosures.importing import Importer

    folder = tmp / "relevance"
    shutil.copytree(DATA, folder)
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


def main():
    args = parse_args()
    queries = json.loads((DATA / "queries.json").read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix="wucheng-relevance-bench-"))
    connection = old_name = None
    try:
        connection, old_name = common.setup(tmp, args.backend)
        from django.test import Client
        from wagtail.models import Page

        print(f"backend:  {common.backend_label(args.backend)}")
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
        started = time.perf_counter()
        report = load_set(tmp)
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

        print()
        print(f"{len(queries)} queries, first page of {K}")
        header = f"{'kind':<14}{'n':>4}{'MRR@10':>9}{'MRR@10(2)':>11}{'nDCG@10':>9}{'recall@10':>11}"
        print(header)
        print("-" * len(header))
        by_kind = defaultdict(list)
        for row in rows:
            by_kind[row["kind"]].append(row)
        for kind, group in [*by_kind.items(), ("all", rows)]:
            if kind == "all":
                print("-" * len(header))
            print(
                f"{kind:<14}{len(group):>4}{mean(group, 'rr'):>9.3f}{mean(group, 'rr2'):>11.3f}"
                f"{mean(group, 'ndcg'):>9.3f}{mean(group, 'recall'):>11.3f}"
            )
        print("MRR@10: first result judged ≥1; MRR@10(2): first result judged 2.")

        print()
        print(f"worst {args.show} queries (by nDCG@10, then MRR@10):")
        for row in sorted(rows, key=lambda r: (r["ndcg"], r["rr"]))[: args.show]:
            print(
                f"  [{row['kind']}] {row['query']!r}: nDCG {row['ndcg']:.2f}, RR {row['rr']:.2f}, "
                f"recall {row['recall']:.2f}, total {row['total']}"
            )
            for rank, title in enumerate(row["titles"][:5], start=1):
                print(f"      {rank}. ({row['judgements'].get(title, 0)}) {title}")
            missing = [t for t, g in row["judgements"].items() if g and t not in row["titles"]]
            if missing:
                print(f"      missing: {'、'.join(missing[:6])}{' …' if len(missing) > 6 else ''}")
        return 0
    finally:
        common.teardown(connection, old_name, tmp, args.keep)


if __name__ == "__main__":
    sys.exit(main())

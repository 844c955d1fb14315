#!/usr/bin/env python
"""Latency of site search (/search/?format=json) and index build time on a large generated set.

    .venv/bin/python bench/search_latency.py [--count 10000] [--organisations 300] [--queries 50]
                                             [--backend ours|stock] [--profile FILE] [--keep]

Builds a throwaway database (as bench/import_bench.py does; SQLite, or PostgreSQL with DATABASE_URL)
with only a 信息公开 page under the home page, generates COUNT disclosures over ORGANISATIONS
organisations with import_bench's generator (same titles, bodies and figures; no attachments) and
creates the pages directly through the ORM — ``add_child``, no revisions, search auto-update off
(``AUTO_UPDATE: False``), reference index off, in transactions of 1000 — then times ``update_index``
and sends one-word, multi-word and no-hit queries through the search view with Django's test client.
See bench/README.md.
"""

import argparse
import cProfile
import datetime
import json
import pstats
import random
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _search_common as common  # noqa: E402
import import_bench  # noqa: E402

ONE_WORD = [
    "助学", "助老", "慈善", "审计", "理事会", "募捐", "救援", "汤溪镇", "西关街道", "乡村振兴",
    "监事", "受益", "公示", "换届", "关联交易", "春蕾", "助餐", "白龙桥镇", "基金会", "捐赠",
]  # fmt: skip
MULTI_WORD = [
    "汤溪镇 助学", "2024年度审计报告", "慈善项目资金", "银龄助餐 项目进展", "西关街道慈善基金会",
    "2023 财务会计报告", "公开募捐方案 春蕾助学", "理事会换届公告", "困难群众 慈善资金", "白龙桥镇 助老",
    "\"慈善一日捐\"", "政府购买服务 企业定向捐赠",
]  # fmt: skip
NO_HIT = [
    "量子计算机", "火星基地", "xyzzy", "区块链钱包", "潜水艇", "芭蕾舞演出", "qwertyuiop", "天文望远镜",
    "高铁时刻表", "足球联赛积分",
]  # fmt: skip
KINDS = {"one-word": ONE_WORD, "multi-word": MULTI_WORD, "no-hit": NO_HIT}
# Steps of a search request, timed separately (module-level functions of search.views).
STEPS = ("exact_matches", "count_facets", "with_attachments", "snippet", "record_hit")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="disclosures (default 10000)")
    parser.add_argument("--organisations", type=int, default=300, help="organisations (default 300)")
    parser.add_argument("--queries", type=int, default=50, help="timed queries per kind (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed queries per kind first (default 5)")
    parser.add_argument("--backend", choices=["ours", "stock"], default="ours")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the timed queries; print the top 30")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--reuse",
        metavar="DIR|URL",
        help="measure again on the database a run with --keep left: its folder (SQLite) or postgres:// URL",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and database")
    return parser.parse_args()


def create_pages(path, progress_every=10_000):
    """The generated JSONL as pages, straight through the ORM. Returns (organisations, disclosures)."""
    from django.db import transaction
    from django.utils.text import slugify
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from disclosures.figures import FIGURE_FIELDS
    from disclosures.importing import body_html
    from disclosures.models import DisclosurePage, OrganisationPage
    from disclosures.signals import summaries_suspended

    index = common.minimal_tree()
    now = datetime.datetime.now(datetime.UTC)
    organisations, created = {}, 0
    lines = path.read_text(encoding="utf-8").splitlines()
    started = time.perf_counter()
    with disable_reference_index_auto_update(), summaries_suspended():
        for start in range(0, len(lines), 1000):
            with transaction.atomic():
                for number, raw in enumerate(lines[start : start + 1000], start=start):
                    line = json.loads(raw)
                    org = line["organization"]
                    parent = organisations.get(org["credit_code"])
                    if parent is None:
                        parent = OrganisationPage(
                            title=org["name"],
                            slug=slugify(org["credit_code"].lower()),
                            credit_code=org["credit_code"],
                            kind=org["kind"],
                            registered_on=org["registered_on"],
                            public_fundraising=org["public_fundraising"],
                            first_published_at=now,
                            last_published_at=now,
                        )
                        index.add_child(instance=parent)
                        organisations[org["credit_code"]] = parent
                    page = DisclosurePage(
                        title=line["title"],
                        slug=f"{line['year']}-{line['type'].replace('_', '-')}-{number}",
                        disclosure_type=line["type"],
                        year=line["year"],
                        declared_on=line["published_on"],
                        declared_where="bench",
                        body=body_html(line["body"]),
                        first_published_at=now,
                        last_published_at=now,
                        **{name: money(line["figures"].get(name)) for name in FIGURE_FIELDS},
                    )
                    parent.add_child(instance=page)
                    created += 1
            if progress_every and created % progress_every == 0:
                rate = created / (time.perf_counter() - started)
                print(f"  … {created} pages ({rate:.0f}/s)", flush=True)
    return len(organisations), created


def money(value):
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


class StepTimer:
    """Wraps search.views' module-level steps and adds up their time per request."""

    def __init__(self):
        from search import views

        self.views, self.originals, self.spent = views, {}, defaultdict(float)
        for name in STEPS:
            original = getattr(views, name)
            self.originals[name] = original
            setattr(views, name, self._wrap(name, original))

    def _wrap(self, name, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] += time.perf_counter() - started

        return timed

    def take(self):
        spent, self.spent = dict(self.spent), defaultdict(float)
        return spent


def run_queries(client, texts, n, warmup, timer, profiler=None):
    def one(text):
        started = time.perf_counter()
        response = client.get("/search/", {"q": text, "format": "json"})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (text, response.status_code)
        return elapsed, json.loads(response.content)["total"]

    for i in range(warmup):
        one(texts[i % len(texts)])
    timer.take()
    times, totals, steps = [], [], defaultdict(float)
    if profiler:
        profiler.enable()
    for i in range(n):
        elapsed, total = one(texts[i % len(texts)])
        times.append(elapsed * 1000)
        totals.append(total)
        for name, seconds in timer.take().items():
            steps[name] += seconds * 1000
    if profiler:
        profiler.disable()
    return times, totals, {name: ms / n for name, ms in steps.items()}


def main():
    args = parse_args()
    if args.reuse:
        if not args.reuse.startswith("postgres") and not (Path(args.reuse) / "bench.sqlite3").exists():
            print(f"{args.reuse} holds no bench.sqlite3 from a run with --keep", file=sys.stderr)
            return 2
        connection = common.reuse(args.reuse, args.backend)
        from django.test import Client

        from disclosures.models import DisclosurePage

        print(f"backend:  {common.backend_label(args.backend)}")
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (kept from an earlier run)")
        print(f"pages:    {DisclosurePage.objects.count()} disclosures (index built by that run)")
        return measure(args, Client)
    tmp = Path(tempfile.mkdtemp(prefix="wucheng-latency-bench-"))
    connection = old_name = None
    try:
        connection, old_name = common.setup(tmp, args.backend, auto_update=False)
        from django.test import Client

        print(f"backend:  {common.backend_label(args.backend)}")
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
        path = tmp / "disclosures.jsonl"
        import_bench.generate(path, args.count, args.organisations, 0, args.seed)
        started = time.perf_counter()
        n_orgs, n_pages = create_pages(path)
        seconds = time.perf_counter() - started
        print(
            f"pages:    {n_pages} disclosures, {n_orgs} organisations in {seconds:.1f} s ({n_pages / seconds:.0f}/s)"
        )
        build = common.update_index()
        print(f"index build time (update_index): {build:.1f} s")
        if args.keep:
            print(f"kept in {tmp}: measure again with --reuse {tmp}")
        return measure(args, Client)
    finally:
        common.teardown(connection, old_name, tmp, args.keep)


def measure(args, Client):
    """Time the queries of every kind through the search view."""
    client = Client()
    timer = StepTimer()
    profiler = cProfile.Profile() if args.profile else None
    rng = random.Random(args.seed)
    print()
    print(f"{args.queries} timed queries per kind after {args.warmup} warm-up; milliseconds per request")
    header = f"{'kind':<12}{'p50':>8}{'p95':>8}{'max':>8}{'mean':>8}{'hits(median)':>14}   mean per step"
    print(header)
    print("-" * (len(header) + 40))
    for kind, texts in KINDS.items():
        texts = texts[:]
        rng.shuffle(texts)
        times, totals, steps = run_queries(client, texts, args.queries, args.warmup, timer, profiler)
        step_text = ", ".join(f"{name} {steps.get(name, 0):.1f}" for name in STEPS)
        print(
            f"{kind:<12}{common.percentile(times, 0.5):>8.1f}{common.percentile(times, 0.95):>8.1f}"
            f"{max(times):>8.1f}{sum(times) / len(times):>8.1f}{sorted(totals)[len(totals) // 2]:>14}"
            f"   {step_text}"
        )
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Latency of site search (/search/?format=json) and index build time on a large generated set.

    .venv/bin/python bench/search_latency.py [--count 10000] [--organisations 300] [--queries 50]
                                             [--backend ours|stock] [--profile FILE] [--keep]
                                             [--reuse DIR|URL [--index-prefix P] [--reindex]]

Builds a throwaway database (as bench/import_bench.py does; SQLite, or PostgreSQL with DATABASE_URL)
with only a 信息公开 page under the home page, generates COUNT disclosures over ORGANISATIONS
organisations with import_bench's generator (same titles, bodies and figures; no attachments) and
writes the pages in bulk (``_search_common.create_pages``: no revisions, search auto-update off, reference index
off), then times ``update_index``, prints the index and database sizes, and sends one-word,
multi-word and no-hit queries through the search view with Django's test client, printing wall and
CPU percentiles per kind. See bench/README.md.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import time
from collections import defaultdict
from io import StringIO
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
# Also added up per request (StepTimer): time in SQL and in OpenSearch requests, and how many.
COUNTS = ("queries", "round_trips")


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
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and database (and OpenSearch indexes)"
    )
    parser.add_argument(
        "--index-prefix", help="with --reuse on OpenSearch: the indexes a run with --keep left"
    )
    parser.add_argument(
        "--reindex", action="store_true", help="with --reuse: build the configured engine's index first"
    )
    parser.add_argument("--check-tree", action="store_true", help="check the bulk-built page tree")
    parser.add_argument(
        "--memoise-segmentation",
        action="store_true",
        help="remember jieba's words per Han run (same index, faster build; the build time is then not real)",
    )
    return parser.parse_args()


class StepTimer:
    """Adds up, per request, the time spent in search.views' module-level steps, in SQL (``sql``,
    and the number of queries ``queries``) and in requests to OpenSearch (``engine``, and the number
    of round trips ``round_trips``): wall time, so under load they include waiting for a core."""

    def __init__(self):
        from django.db import connection

        from search import views

        self.views, self.originals, self.spent = views, {}, defaultdict(float)
        for name in STEPS:
            original = getattr(views, name)
            self.originals[name] = original
            setattr(views, name, self._wrap(name, original))
        connection.execute_wrappers.append(self._sql)
        try:
            from opensearchpy.transport import Transport
        except ImportError:
            return
        original_request = Transport.perform_request

        def perform_request(transport, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original_request(transport, *args, **kwargs)
            finally:
                self.spent["engine"] += time.perf_counter() - started
                self.spent["round_trips"] += 1

        Transport.perform_request = perform_request

    def _sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.spent["sql"] += time.perf_counter() - started
            self.spent["queries"] += 1

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
    """(wall ms, CPU ms of this process, totals, mean ms per step) of ``n`` requests."""

    def one(text):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get("/search/", {"q": text, "format": "json"})
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert response.status_code == 200, (text, response.status_code)
        data = json.loads(response.content)
        return elapsed, cpu, data["total"], data.get("total_is_lower_bound", False)

    for i in range(warmup):
        one(texts[i % len(texts)])
    timer.take()
    times, cpu_times, totals, steps = [], [], [], defaultdict(float)
    if profiler:
        profiler.enable()
    for i in range(n):
        elapsed, cpu, total, lower_bound = one(texts[i % len(texts)])
        times.append(elapsed * 1000)
        cpu_times.append(cpu * 1000)
        totals.append((total, lower_bound))
        for name, value in timer.take().items():
            steps[name] += value if name in COUNTS else value * 1000
    if profiler:
        profiler.disable()
    return times, cpu_times, totals, {name: ms / n for name, ms in steps.items()}


def main():
    args = parse_args()
    if args.reuse:
        return main_reuse(args)
    tmp = Path(tempfile.mkdtemp(prefix="wucheng-latency-bench-"))
    connection = old_name = None
    try:
        connection, old_name = common.setup(tmp, args.backend, auto_update=False)
        from django.test import Client

        print(f"backend:  {common.backend_label(args.backend)}")
        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
        print(f"machine:  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
        path = tmp / "disclosures.jsonl"
        import_bench.generate(path, args.count, args.organisations, 0, args.seed)
        started = time.perf_counter()
        organisations, n_pages = common.create_pages(path, common.minimal_tree())
        n_orgs = len(organisations)
        seconds = time.perf_counter() - started
        print(
            f"pages:    {n_pages} disclosures, {n_orgs} organisations in {seconds:.1f} s ({n_pages / seconds:.0f}/s)"
        )
        if args.check_tree:
            check_tree()
        if args.memoise_segmentation:
            common.memoise_segmentation()
        build = common.update_index()
        memo = " (segmentation memoised: not a real build time)" if args.memoise_segmentation else ""
        print(f"index build time (update_index): {build:.1f} s{memo}")
        common.print_sizes()
        if args.keep:
            print(f"kept in {tmp}: measure again with --reuse {reuse_target(connection, tmp)}")
        return measure(args, Client)
    finally:
        common.teardown(connection, old_name, tmp, args.keep)


def main_reuse(args):
    """Measure again on a database (and OpenSearch indexes) a run with --keep left; with --reindex,
    build the configured engine's index of it first (e.g. OpenSearch over a kept PostgreSQL)."""
    if not args.reuse.startswith("postgres") and not (Path(args.reuse) / "bench.sqlite3").exists():
        print(f"{args.reuse} holds no bench.sqlite3 from a run with --keep", file=sys.stderr)
        return 2
    connection = common.reuse(args.reuse, args.backend, args.index_prefix)
    from django.test import Client

    from disclosures.models import DisclosurePage

    print(f"backend:  {common.backend_label(args.backend)}")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (kept from an earlier run)")
    print(f"machine:  {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    print(f"pages:    {DisclosurePage.objects.count()} disclosures")
    migrate_search_app()
    built = False
    try:
        if args.reindex:
            if args.memoise_segmentation:
                common.memoise_segmentation()
            build = common.update_index()
            built = True
            memo = " (segmentation memoised: not a real build time)" if args.memoise_segmentation else ""
            print(f"index build time (update_index): {build:.1f} s{memo}")
        common.print_sizes()
        return measure(args, Client)
    finally:
        if built and args.keep and common.index_prefix():
            print(f"kept the search indexes: --index-prefix {common.index_prefix()}")
        elif built:
            common.drop_search_indexes()


def migrate_search_app():
    """A kept database gets the search app's migrations of this checkout (e.g. its indexes)."""
    from django.core.management import CommandError, call_command

    out = StringIO()
    try:
        call_command("migrate", "search", verbosity=1, stdout=out)
    except CommandError:  # a checkout whose search app has no migrations
        return
    applied = [line.strip() for line in out.getvalue().splitlines() if "Applying" in line]
    if applied:
        print(f"migrated: {', '.join(applied)}")


def reuse_target(connection, tmp):
    """What --reuse takes to find this run's database again: its folder, or its PostgreSQL URL."""
    if connection.vendor == "sqlite":
        return str(tmp)
    from urllib.parse import urlsplit

    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{connection.settings_dict['NAME']}").geturl()


def check_tree():
    """The bulk-built tree must be the one treebeard would build."""
    from wagtail.models import Page

    problems = Page.find_problems()
    if any(problems):
        raise SystemExit(f"tree problems after create_pages: {problems}")
    print("tree:     Page.find_problems() finds none")


def measure(args, Client):
    """Time the queries of every kind through the search view."""
    client = Client()
    timer = StepTimer()
    profiler = cProfile.Profile() if args.profile else None
    rng = random.Random(args.seed)
    pct = common.percentile
    print()
    print(
        f"{args.queries} timed queries per kind after {args.warmup} warm-up; milliseconds per request "
        f"(wall, and CPU of this process: Django and the SQLite engine, not a PostgreSQL or OpenSearch server)"
    )
    print(
        f"load average before: {os.getloadavg()[0]:.2f} (2 cores shared with other work: wall times are noisy)"
    )
    header = (
        f"{'kind':<12}{'p50':>8}{'p95':>8}{'max':>8}{'mean':>8}{'cpu p50':>9}{'cpu p95':>9}"
        f"{'hits(median)':>14}   mean per step"
    )
    print(header)
    print("-" * (len(header) + 40))
    for kind, texts in KINDS.items():
        texts = texts[:]
        rng.shuffle(texts)
        times, cpu, totals, steps = run_queries(client, texts, args.queries, args.warmup, timer, profiler)
        step_text = ", ".join(f"{name} {steps.get(name, 0):.1f}" for name in STEPS)
        step_text += f"; sql {steps.get('sql', 0):.1f} ({steps.get('queries', 0):.0f} queries)"
        if "round_trips" in steps:
            step_text += f", engine {steps.get('engine', 0):.1f} ({steps['round_trips']:.1f} round trips)"
        total, lower_bound = sorted(totals)[len(totals) // 2]
        hits = f"{'>' if lower_bound else ''}{total}"
        print(
            f"{kind:<12}{pct(times, 0.5):>8.1f}{pct(times, 0.95):>8.1f}{max(times):>8.1f}"
            f"{sum(times) / len(times):>8.1f}{pct(cpu, 0.5):>9.1f}{pct(cpu, 0.95):>9.1f}{hits:>14}"
            f"   {step_text}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

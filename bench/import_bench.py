#!/usr/bin/env python
"""Benchmark of the disclosure importer (disclosures.importing) on a generated JSONL file.

    .venv/bin/python bench/import_bench.py [--count 5000] [--organisations 200] [--batch-size 500]
                                           [--tracemalloc] [--profile FILE]

Builds a throwaway database with Django's test-database machinery (a SQLite file in a temporary
folder; with DATABASE_URL set, a new database with a unique ``wucheng_import_bench_…`` name on that
server — never an existing one), migrates it, loads the demo page tree, generates COUNT disclosures
across about 200 organisations (valid credit codes, Chinese titles and bodies, figures on annual and
financial reports, a few real PDF attachments), imports them twice and prints the figures. The
database and the temporary folder (file, media) are removed at the end unless --keep is given.
See bench/README.md.
"""

import argparse
import cProfile
import datetime
import json
import os
import pstats
import random
import resource
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ATTACHMENTS = [
    REPO.parent / "shared" / "samples" / "attachments",
    REPO / "demo" / "data" / "disclosures" / "samples" / "attachments",
]

TOWNS = [
    "城东街道", "城中街道", "城西街道", "城北街道", "江南街道", "西关街道", "三江街道", "新狮街道",
    "秋滨街道", "罗店镇", "雅畈镇", "安地镇", "白龙桥镇", "琅琊镇", "蒋堂镇", "汤溪镇", "罗埠镇",
    "洋埠镇", "乾西乡", "长山乡", "苏孟乡", "竹马乡", "沙畈乡", "塔石乡", "岭上乡", "箬阳乡", "莘畈乡",
]  # fmt: skip
THEMES = [
    "慈善", "助学", "助老", "扶残", "应急救援", "乡村振兴", "邻里互助", "春蕾", "夕阳红", "爱心",
    "同心", "阳光", "公益", "志愿服务", "文化传承", "环境保护", "儿童关爱", "助医", "红十字", "德善",
]  # fmt: skip
KINDS = {
    # credit code's 2nd character (民政部门登记: 1 社会团体, 2 民办非企业单位/社会服务机构, 3 基金会)
    "social_group": ("1", ["协会", "促进会", "互助会", "联合会"]),
    "social_service_org": ("2", ["社会工作服务中心", "公益服务中心", "志愿服务中心"]),
    "foundation": ("3", ["基金会", "慈善基金会", "教育基金会"]),
}
PROJECTS = [
    "银龄助餐", "春蕾助学", "爱心书屋", "暖冬行动", "助残就业", "乡村儿童之家", "慈善一日捐", "应急救援装备",
    "留守儿童陪伴", "困难家庭帮扶", "大病救助", "清洁家园", "孝老敬亲", "新居民融入", "山区助学", "防溺水宣传",
]  # fmt: skip
# Per organisation and year, in this order; a disclosure is identified by organisation and title.
YEARLY = [
    ("annual_report", "{org}{year}年度工作报告"),
    ("financial_report", "{org}{year}年度财务会计报告"),
    ("audit_report", "{org}{year}年度审计报告"),
    ("project", "{year}年“{project}”慈善项目"),
    ("project_progress", "{year}年“{project}”项目进展情况"),
    ("fundraising_plan", "{year}年“{project}”公开募捐方案"),
    ("fundraising_result", "{year}年“{project}”募捐结果"),
    ("major_event", "{org}关于{year}年理事会换届的公告"),
    ("related_party", "{year}年关联交易情况说明"),
]
FIGURE_TYPES = {"annual_report", "financial_report"}
YEARLY_REPORTS = {"annual_report", "financial_report", "audit_report"}  # one per year (integrity.py)
FIRST_YEAR, LAST_YEAR = 1996, 2025


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="disclosures to generate (default 5000)")
    parser.add_argument(
        "--organisations", type=int, default=200, help="organisations to spread them over (default 200)"
    )
    parser.add_argument(
        "--attachment-every",
        type=int,
        default=100,
        help="attach a sample PDF to about one line in this many (default 100)",
    )
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="trace Python allocations during the first import (peak heap; slows the import down)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="cProfile the first import, save the stats to FILE, print the top 25",
    )
    parser.add_argument(
        "--batch-size", type=int, default=None, help="lines per transaction (default: the importer's, 500)"
    )
    parser.add_argument(
        "--changed-every",
        type=int,
        default=0,
        metavar="N",
        help="then import the file a third time with the body of one line in N changed (updates; default: no)",
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and database")
    return parser.parse_args()


def setup_django(tmp):
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "wucheng_site.settings.test"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    if not os.environ.get("DATABASE_URL"):
        # Never the project's db.sqlite3, even before the test database takes over.
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench-base.sqlite3'}"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if connection.vendor == "sqlite":
        name = str(tmp / "bench.sqlite3")
    else:
        name = f"wucheng_import_bench_{os.getpid()}_{secrets.token_hex(4)}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    # autoclobber=False: should the name exist after all, Django asks instead of dropping it.
    connection.creation.create_test_db(verbosity=0, autoclobber=False, serialize=False)
    return connection, old_name


# --- the generated file ---------------------------------------------------------------------------------


def credit_code(rng, kind, used):
    from disclosures.credit_code import CODE_SET, check_character

    while True:
        first17 = "5" + KINDS[kind][0] + "330702" + "MJ" + "".join(rng.choice(CODE_SET) for _ in range(7))
        code = first17 + check_character(first17)
        if code not in used:
            used.add(code)
            return code


def organisations(rng, count):
    used_codes, used_names, result = set(), set(), []
    while len(result) < count:
        kind = rng.choice(list(KINDS))
        name = f"婺城区{rng.choice(TOWNS)}{rng.choice(THEMES)}{rng.choice(KINDS[kind][1])}"
        if name in used_names:
            name = f"金华市{name}"
            if name in used_names:
                continue
        used_names.add(name)
        registered = datetime.date(rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28))
        result.append(
            {
                "name": name,
                "credit_code": credit_code(rng, kind, used_codes),
                "kind": kind,
                "registered_on": registered.isoformat(),
                "public_fundraising": rng.random() < 0.3,
            }
        )
    return result


def figures(rng, base):
    income = round(base * rng.uniform(0.8, 1.25))
    expenditure = round(income * rng.uniform(0.75, 0.98))
    return {
        "total_income": income,
        "donation_income": round(income * rng.uniform(0.6, 0.9)),
        "government_grants": round(income * rng.uniform(0.0, 0.15)),
        "total_expenditure": expenditure,
        "charitable_expenditure": round(expenditure * rng.uniform(0.82, 0.94)),
        "management_expenses": round(expenditure * rng.uniform(0.03, 0.09), 2),
        "fundraising_costs": round(expenditure * rng.uniform(0.0, 0.02), 2),
        "net_assets": round(income * rng.uniform(0.5, 1.6)),
    }


def body(rng, org, year, project):
    people = rng.randint(80, 5000)
    money = rng.randint(5, 900)
    paragraphs = [
        f"{year}年，{org}围绕章程规定的宗旨，在{rng.choice(TOWNS)}等地开展“{project}”等慈善活动，"
        f"全年服务困难群众{people:,}人次，投入慈善资金{money}万元。",
        f"理事会召开会议{rng.randint(2, 6)}次，审议通过年度工作计划、财务预算和信息公开制度修订；"
        f"监事列席会议并对项目执行和资金使用情况进行了监督。",
        f"项目资金来源于社会捐赠、政府购买服务和企业定向捐赠，募得款物全部按照方案使用，"
        f"受益对象名单经社区公示{rng.randint(5, 15)}日无异议。",
    ]
    return "\n\n".join(paragraphs[: rng.randint(1, 3)])


def generate(path, count, n_organisations, attachment_every, seed):
    rng = random.Random(seed)
    orgs = organisations(rng, max(1, min(n_organisations, count)))
    income = {org["credit_code"]: rng.randint(100_000, 8_000_000) for org in orgs}
    attachments = ["attachments/shili-audit-2024.pdf", "attachments/xiguan-project-2025q2.pdf"]
    span = LAST_YEAR - FIRST_YEAR + 1
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            org = orgs[i % len(orgs)]
            slot = i // len(orgs)  # the org's slot-th disclosure
            disclosure_type, template = YEARLY[slot % len(YEARLY)]
            year = LAST_YEAR - (slot // len(YEARLY)) % span
            batch = slot // (len(YEARLY) * span)  # only for very large counts per organisation
            project = PROJECTS[(slot // len(YEARLY) + i) % len(PROJECTS)]
            title = template.format(org=org["name"], year=year, project=project)
            if batch:
                title += f"（第{batch + 1}批）"
                if disclosure_type in YEARLY_REPORTS:
                    # A second report of the same year would be refused as a duplicate of the first.
                    disclosure_type = "major_event"
            line = {
                "organization": org,
                "type": disclosure_type,
                "title": title,
                "year": year,
                "published_on": datetime.date(year + 1, rng.randint(1, 6), rng.randint(1, 28)).isoformat(),
                "body": body(rng, org["name"], year, project),
                "figures": figures(rng, income[org["credit_code"]])
                if disclosure_type in FIGURE_TYPES
                else {},
                "attachments": [],
            }
            if attachment_every and rng.randrange(attachment_every) == 0:
                line["attachments"] = [{"file": rng.choice(attachments), "title": f"{title}（全文）"[:200]}]
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(orgs)


# --- measuring ---------------------------------------------------------------------------------------------


def max_rss_mib():
    """Peak resident set size of this process so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Timed:
    """One import's figures: wall and CPU seconds (this process: Python and, on SQLite, the database;
    PostgreSQL's own work is in its server processes), SQL queries, memory, the machine's load."""

    def __init__(self, report, seconds, cpu, queries, rss_before, rss_after, peak, load):
        self.report, self.seconds, self.cpu, self.queries = report, seconds, cpu, queries
        self.rss_before, self.rss_after, self.peak, self.load = rss_before, rss_after, peak, load

    def print(self, lines):
        print(f"  seconds:              {self.seconds:.1f} wall, {self.cpu:.1f} CPU (this process)")
        print(
            f"  lines/second:         {lines / self.seconds:.1f} wall, {lines / max(self.cpu, 1e-9):.1f} per CPU second"
        )
        print(f"  SQL queries:          {self.queries} ({self.queries / max(lines, 1):.2f} per line)")
        print(
            f"  peak RSS (ru_maxrss): {self.rss_after:.0f} MiB (before the import: {self.rss_before:.0f} MiB)"
        )
        if self.peak is not None:
            print(f"  tracemalloc peak:     {self.peak:.1f} MiB")
        print(
            f"  load average:         {self.load[0]:.1f} before, {self.load[1]:.1f} after (1 min, 2 cores shared)"
        )


def timed_import(path, connection, trace=False, profile=None, batch_size=None):
    from disclosures.importing import Importer

    counter = QueryCounter()
    if trace:
        tracemalloc.start()
    profiler = cProfile.Profile() if profile else None
    rss_before = max_rss_mib()
    load_before = os.getloadavg()[0]
    options = {} if batch_size is None else {"batch_size": batch_size}
    with connection.execute_wrapper(counter):
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = Importer(**options).run(path)
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler:
        profiler.dump_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    load = (load_before, os.getloadavg()[0])
    return Timed(report, seconds, cpu, counter.count, rss_before, max_rss_mib(), peak, load)


def main():
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wucheng-import-bench-"))
    connection = old_name = None
    try:
        connection, old_name = setup_django(tmp)
        from django.core.management import call_command
        from wagtail.documents import get_document_model
        from wagtail.models import Page, Revision

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (throwaway)")
        started = time.perf_counter()
        call_command("setup_site", "--hostname", "localhost", verbosity=0, stdout=StringIO())
        print(f"page tree: setup_site in {time.perf_counter() - started:.1f} s")

        folder = tmp / "batch"
        source = next(p for p in SAMPLE_ATTACHMENTS if (p / "shili-audit-2024.pdf").exists())
        shutil.copytree(source, folder / "attachments")
        path = folder / "disclosures.jsonl"
        n_orgs = generate(path, args.count, args.organisations, args.attachment_every, args.seed)
        size = path.stat().st_size / (1024 * 1024)
        print(f"file: {args.count} lines, {n_orgs} organisations, {size:.1f} MiB ({path})")

        pages, revisions, documents = (
            Page.objects.count(),
            Revision.objects.count(),
            get_document_model().objects.count(),
        )
        first = timed_import(path, connection, args.tracemalloc, args.profile, args.batch_size)
        report = first.report
        print()
        slowed = " (traced by tracemalloc)" if args.tracemalloc else " (profiled)" if args.profile else ""
        print(f"first import{slowed}:")
        print(f"  lines:                {report.lines}")
        print(
            f"  result:               {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.organisations_created} organisations created, "
            f"{len(report.errors)} errors"
        )
        print(
            f"  record:               {report.dates_confirmed} declared dates confirmed, "
            f"{len(report.warnings)} warnings"
        )
        first.print(report.lines)
        print(
            f"  stored:               +{Page.objects.count() - pages} pages, "
            f"+{Revision.objects.count() - revisions} revisions, "
            f"+{get_document_model().objects.count() - documents} documents"
        )
        for number, message in report.errors[:10]:
            print(f"  line {number}: {message}")
        found = search_check(path)
        print(f"  search finds imported titles and bodies: {found}")

        counts = Page.objects.count(), Revision.objects.count(), get_document_model().objects.count()
        second = timed_import(path, connection, batch_size=args.batch_size)
        again = second.report
        same = (
            Page.objects.count(),
            Revision.objects.count(),
            get_document_model().objects.count(),
        ) == counts
        idempotent = again.unchanged == args.count and not again.errors and same
        print()
        print("second import (same file):")
        print(
            f"  result:               {again.created} created, {again.updated} updated, "
            f"{again.unchanged} unchanged, {len(again.errors)} errors"
        )
        second.print(again.lines)
        print(f"  pages, revisions, documents unchanged: {'yes' if same else 'NO'}")
        print(f"  idempotent ({args.count} unchanged): {'yes' if idempotent else 'NO'}")
        changed_summary = ""
        if args.changed_every:
            changed_path = path.with_name("disclosures-changed.jsonl")
            changed = change_bodies(path, changed_path, args.changed_every)
            third = timed_import(changed_path, connection, batch_size=args.batch_size)
            print()
            print(f"third import (the body of {changed} lines in {args.count} changed):")
            print(
                f"  result:               {third.report.created} created, {third.report.updated} updated, "
                f"{third.report.unchanged} unchanged, {len(third.report.errors)} errors"
            )
            third.print(third.report.lines)
            changed_summary = (
                f"; changed re-import ({changed} updated): {third.report.lines / third.seconds:.0f}/s wall "
                f"{third.report.lines / third.cpu:.0f}/s CPU {third.queries / third.report.lines:.2f} queries/line"
            )
            ok_changed = third.report.updated == changed and not third.report.errors
        else:
            ok_changed = True
        print()
        print(
            f"SUMMARY {connection.vendor} lines={args.count} "
            f"first: {report.lines / first.seconds:.0f}/s wall {report.lines / first.cpu:.0f}/s CPU "
            f"{first.queries / report.lines:.2f} queries/line RSS {first.rss_after:.0f} MiB; "
            f"re-import: {again.lines / second.seconds:.0f}/s wall {again.lines / second.cpu:.0f}/s CPU "
            f"{second.queries / again.lines:.2f} queries/line RSS {second.rss_after:.0f} MiB; "
            f"load {first.load[0]:.1f}-{second.load[1]:.1f}{changed_summary}"
        )
        ok = (
            report.created == args.count
            and not report.errors
            and idempotent
            and found == "yes"
            and ok_changed
        )
        return 0 if ok else 1
    finally:
        teardown(connection, old_name, tmp, args.keep)


def change_bodies(path, target, every):
    """A copy of the file with the body of one line in ``every`` changed; returns how many."""
    changed = 0
    with path.open(encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(source):
            if number % every == 0:
                data = json.loads(line)
                data["body"] += "\n\n（更正：补充说明。）"
                line = json.dumps(data, ensure_ascii=False) + "\n"
                changed += 1
            out.write(line)
    return changed


def search_check(path, samples=5):
    """Whether site search finds five random imported disclosures by their title and by words of
    their body, among the disclosures of their organisation (at 100,000 disclosures a phrase of a body
    matches hundreds of pages; what is checked is that the imported text is in the index)."""
    from disclosures.models import DisclosurePage, OrganisationPage

    rng = random.Random(7)
    chosen = []  # a reservoir sample: the file is not read into memory (peak RSS is measured)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if len(chosen) < samples:
                chosen.append(line)
            elif (slot := rng.randrange(number + 1)) < samples:
                chosen[slot] = line
    for line in chosen:
        data = json.loads(line)
        organisation = OrganisationPage.objects.get(credit_code=data["organization"]["credit_code"])
        page = DisclosurePage.objects.child_of(organisation).get(title=data["title"])
        clause = data["body"].split("，")[1] if "，" in data["body"] else data["body"]
        # Among its organisation's: titles such as 2025年关联交易情况说明 recur in every organisation.
        by_title = DisclosurePage.objects.live().child_of(organisation).search(data["title"])[:50]
        if page.pk not in {found.pk for found in by_title}:
            return f"NO (title {data['title']!r})"
        if not DisclosurePage.objects.live().filter(pk=page.pk).search(clause[-12:]):
            return f"NO (body {clause[-12:]!r})"
    return "yes"


def teardown(connection, old_name, tmp, keep):
    """Destroy the throwaway database and temporary folder, unless ``--keep`` asked to keep them."""
    if connection is not None and old_name is not None and not keep:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

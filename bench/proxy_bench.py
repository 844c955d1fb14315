"""The caching proxy, measured on the production stack (deploy/, tools/test-deploy.sh).

    .venv/bin/python bench/proxy_bench.py                  # brings a stack up, measures, takes it down
    .venv/bin/python bench/proxy_bench.py --duration 15 --rounds 3 --purges 9
    tools/test-deploy.sh --serve   # then, with its STACK_* variables exported:
    .venv/bin/python bench/proxy_bench.py                  # against that running stack

Prints, from one run:

1. requests per second of the home page through the proxy (a cache HIT: nginx → cache file) and of the
   same HTML saved as a plain file and served by the same nginx (its bench port), with the same
   `wrk -t2 -c16 -d10s`, alternating, and the ratio (goal: through the proxy ≥ 50 % of the file);
2. the same home page uncached (a request with credentials bypasses the cache, so gunicorn renders it
   every time, with PostgreSQL, OpenSearch and Redis behind it): requests per second and the gunicorn
   workers' CPU milliseconds per request (from /proc);
3. purge-to-visible: a story is published with a new title (a revision published by the stack's own
   Django, as an editor's publish, the purge included) and fetched through the proxy until the new title
   shows; median and maximum over --purges runs, with how long publish() itself took.

SQL queries per page are measured by bench/page_cost.py (on the test database, per page type).
The machine may be shared: run it more than once, and compare the ratio rather than absolute figures.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.stack import Stack, wait_for  # noqa: E402

# Any credentials bypass the cache (deploy/nginx/wucheng.conf); a header the site ignores, so the page
# costs what an anonymous visitor's would (a session cookie would add a session look-up).
BYPASS = {"Authorization": "Bearer proxy-bench"}


def wrk(url, duration, threads, connections, headers=None):
    """Run wrk; its requests per second, requests, non-2xx count and mean latency (ms)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)\b", output)
    mean_ms = (
        float(latency.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[latency.group(2)] if latency else None
    )
    return {
        "rate": rate,
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "latency": mean_ms,
    }


def gunicorn_workers(master):
    """{pid: CPU seconds} of the gunicorn master's children (the workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    workers = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1]: ppid; [11], [12]: utime, stime
            workers[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return workers


def throughput(stack, args):
    home = stack.get("/")
    static_dir = Path(os.environ["STACK_DIR"]) / "bench-static"
    (static_dir / "home.html").write_bytes(home.body)
    stack.get("/")
    cached = stack.get("/")
    if cached.cache != "HIT":
        print(
            f"WARNING: the home page is not cached (X-Cache-Status {cached.cache or '-'}, "
            f"Cache-Control {cached.header('Cache-Control') or '-'}): 'proxy' measures gunicorn"
        )
    proxy_url = f"{stack.url}/"
    static_url = f"http://127.0.0.1:{os.environ['STACK_BENCH_PORT']}/home.html"
    print(
        f"home page: {len(home.body):,} bytes of HTML; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, {args.rounds} round(s), alternating"
    )
    proxied, static = [], []
    for _ in range(args.rounds):
        proxied.append(wrk(proxy_url, args.duration, args.threads, args.connections))
        static.append(wrk(static_url, args.duration, args.threads, args.connections))
    for name, runs in (("through the proxy (cached)", proxied), ("same HTML as a file", static)):
        rates = ", ".join(f"{run['rate']:,.0f}" for run in runs)
        errors = sum(run["errors"] for run in runs)
        print(
            f"  {name:28} {statistics.median(r['rate'] for r in runs):>10,.0f} req/s  "
            f"(runs: {rates}; mean latency {statistics.median(r['latency'] for r in runs):.2f} ms"
            f"{f'; {errors} non-2xx' if errors else ''})"
        )
    ratio = statistics.median(r["rate"] for r in proxied) / statistics.median(r["rate"] for r in static)
    print(f"  proxy / file: {ratio:.0%} (goal ≥ 50%)")
    return ratio


def uncached(stack, args):
    master = int(os.environ.get("STACK_GUNICORN_PID", 0))
    before = gunicorn_workers(master) if master else {}
    run = wrk(f"{stack.url}/", args.duration, args.threads, args.connections, BYPASS)
    after = gunicorn_workers(master) if master else {}
    line = f"  uncached home (bypassing the cache) {run['rate']:>8,.1f} req/s, mean latency {run['latency']:.0f} ms"
    if before and set(before) == set(after):
        cpu_ms = 1000 * sum(after[pid] - before[pid] for pid in after) / run["requests"]
        line += f", {cpu_ms:.1f} ms gunicorn CPU per request ({len(after)} workers)"
    elif master:
        line += " (a worker was replaced during the run: no CPU figure)"
    print(line)


def purge_to_visible(stack, args):
    actions = stack.actions()
    try:
        story = actions.call("build")["story"]
        seen, publish = [], []
        for number in range(args.purges):
            stack.get(story["url"])
            if stack.get(story["url"]).cache != "HIT":
                print("WARNING: the story page is not cached before the publish")
            title = f"{story['title']}（第{number + 1}次修改）"
            result = actions.call("publish", page=story["id"], title=title)
            response, seconds = wait_for(
                lambda t=title: t in stack.get(story["url"]).text, timeout=10, interval=0.005
            )
            if not response:
                print(f"  publish {number + 1}: the new title did not show within 10 s")
                continue
            seen.append(seconds * 1000)
            publish.append(result["publish_seconds"] * 1000)
    finally:
        actions.close()
    if seen:
        print(
            f"  purge to visible (after publish() returned): median {statistics.median(seen):.0f} ms, "
            f"max {max(seen):.0f} ms over {len(seen)} publishes (goal ≤ 1000 ms); publish() itself, "
            f"purges included: median {statistics.median(publish):.0f} ms"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="proxy/file runs, alternating (default 2)")
    parser.add_argument("--purges", type=int, default=5, help="publishes for purge-to-visible (default 5)")
    args = parser.parse_args()

    if not os.environ.get("STACK_URL"):
        # No stack running: bring one up for this run (and take it down again).
        environment = {**os.environ, "STACK_NEEDS_WRK": "1"}
        command = [str(ROOT / "tools" / "test-deploy.sh"), "--run", sys.executable, *sys.argv]
        sys.exit(subprocess.run(command, env=environment).returncode)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian package 'wrk'; tools/test-deploy.sh installs it as root)")

    stack = Stack()
    print(f"stack: {stack.url}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    started = time.monotonic()
    print("\n1. Cached home page vs. the same file")
    ratio = throughput(stack, args)
    print("\n2. Uncached")
    uncached(stack, args)
    print("\n3. Purge on publish")
    purge_to_visible(stack, args)
    print(f"\n({time.monotonic() - started:.0f} s; SQL queries per page: bench/page_cost.py)")
    return 0 if ratio >= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())

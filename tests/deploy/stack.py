"""Reaching the running stack (tools/test-deploy.sh) from a test or a benchmark: plain HTTP through its
proxy, PURGE on its purge port, and the stack's own Django (tests/deploy/stack_actions.py) for what only
Django can do. Standard library only."""

import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Measurements a check wants shown after the results (tests/deploy/conftest.py prints them).
FIGURES = []


@dataclass
class Response:
    status: int
    headers: list = field(default_factory=list)  # (name, value) pairs, as sent
    body: bytes = b""

    def header(self, name, default=""):
        """The value of ``name`` (several values joined by ", ")."""
        values = self.all(name)
        return ", ".join(values) if values else default

    def all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    @property
    def cache(self):
        """nginx's X-Cache-Status (MISS, HIT, BYPASS, EXPIRED …), empty when nginx did not look."""
        return self.header("X-Cache-Status")

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Stack:
    def __init__(self, url=None, purge_port=None, env_file=None):
        self.url = url or os.environ["STACK_URL"]
        parts = urllib.parse.urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.purge_port = int(purge_port or os.environ.get("STACK_PURGE_PORT", 0))
        self.env_file = env_file or os.environ.get("STACK_ENV_FILE")

    def request(self, method, path, headers=None, body=None, host=None, port=None, timeout=30):
        """One request on a fresh connection; redirects are not followed. ``host``: the Host header
        (default: the stack's own, host:port as a browser sends it)."""
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=timeout)
        try:
            sent = {"Host": host or f"{self.host}:{self.port}", **(headers or {})}
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            return Response(answer.status, answer.getheaders(), answer.read())
        finally:
            connection.close()

    def get(self, path, headers=None, **kwargs):
        return self.request("GET", path, headers, **kwargs)

    def purge(self, path, large=False):
        """Drop the proxy's copy of ``path`` (standard display, or large): 200 dropped, 404 none."""
        headers = {"Cookie": "wucheng_display=large"} if large else {}
        return self.request("PURGE", path, headers, port=self.purge_port).status

    def environment(self):
        """The stack's environment (production settings, its services), for running its Django."""
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        for line in Path(self.env_file).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, value = line.partition("=")
                env[key] = value
        return env

    def manage(self, *args, **env):
        """``manage.py ARGS`` with the stack's environment (plus ``env``)."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.environment(), **env},
            capture_output=True,
            text=True,
        )

    def actions(self):
        return Actions(self.environment())


class Actions:
    """tests/deploy/stack_actions.py running on the stack's Django; ``call(action, **arguments)``."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "deploy" / "stack_actions.py")],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        ready = self.process.stdout.readline()
        if not ready:
            raise RuntimeError("stack_actions.py exited before it was ready (its errors are above)")

    def call(self, action, **arguments):
        self.process.stdin.write(json.dumps({"action": action, **arguments}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if not answer["ok"]:
            raise RuntimeError(f"{action} failed on the stack:\n{answer['error']}")
        return answer["result"]

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def wait_for(predicate, timeout=5.0, interval=0.02):
    """Call ``predicate`` until it returns something true; (value, seconds waited) or (None, timeout)."""
    started = time.monotonic()
    while True:
        value = predicate()
        elapsed = time.monotonic() - started
        if value or elapsed >= timeout:
            return value, elapsed
        time.sleep(interval)

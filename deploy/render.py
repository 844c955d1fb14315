#!/usr/bin/env python3
"""Fill in the nginx templates of deploy/nginx/ (standard library only: runs before any virtualenv).

    python3 deploy/render.py nginx                      # production: deploy/nginx/wucheng.conf, defaults below
    python3 deploy/render.py nginx SERVER_NAME=charity.wucheng.gov.cn -o /etc/nginx/sites-available/wucheng.conf
    python3 deploy/render.py nginx --profile stack HTTP_PORT=8089 … -o DIR/nginx/wucheng.conf
    python3 deploy/render.py stack STACK_DIR=… …          # the test stack's whole nginx.conf

A template holds ``${NAME}`` placeholders and blocks between ``# --- production only ---`` /
``# --- end production only ---`` (and the same for ``stack``): the blocks of the chosen profile are kept,
the others dropped. Every placeholder left must have a value, and no value may carry characters that
would end an nginx directive, so a typo cannot produce a half-working configuration.
"""

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = {"nginx": HERE / "nginx" / "wucheng.conf", "stack": HERE / "nginx" / "stack.conf"}
PROFILES = ("production", "stack")

# Production values (deploy/README.md explains each); NAME=VALUE on the command line overrides them.
DEFAULTS = {
    "SERVER_NAME": "charity.example.gov.cn",
    # gunicorn's socket, made by systemd (deploy/systemd/wucheng-gunicorn.socket).
    "UPSTREAM": "unix:/run/wucheng/gunicorn.sock",
    "STATIC_ROOT": "/srv/wucheng/static",
    "MEDIA_ROOT": "/srv/wucheng/media",
    "CACHE_DIR": "/var/cache/nginx/wucheng",
    "CACHE_KEYS_SIZE": "50m",
    "CACHE_MAX_SIZE": "2g",
    "LOG_DIR": "/var/log/nginx",
    "ACME_ROOT": "/var/www/letsencrypt",
    "TLS_CERTIFICATE": "/etc/letsencrypt/live/charity.example.gov.cn/fullchain.pem",
    "TLS_CERTIFICATE_KEY": "/etc/letsencrypt/live/charity.example.gov.cn/privkey.pem",
    # Loopback port the site sends its PURGE requests to (FRONTEND_CACHE_PURGE_URL).
    "PURGE_PORT": "8080",
    # settings.PUBLIC_REQUEST_MAX_BYTES (55 * 1024 * 1024); tests/deploy/test_config.py keeps them equal.
    "CLIENT_MAX_BODY_SIZE": "55m",
    # A little longer than gunicorn's timeout (deploy/gunicorn.conf.py), so gunicorn's answer arrives.
    "PROXY_READ_TIMEOUT": "65s",
    # stack.conf only
    "NGINX_MODULES": "/usr/lib/nginx/modules",
    "USER_DIRECTIVE": "",
}

PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
BLOCK = re.compile(r"^# --- (end )?(\w+) only ---$")
UNSAFE = re.compile(r"[;{}\n\r'\"\\]")


def keep_profile(text, profile):
    """The template's lines without the blocks of the other profiles (and without the markers)."""
    lines, inside = [], None
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        marker = BLOCK.match(line.strip())
        if marker:
            end, name = marker.groups()
            if name not in PROFILES:
                raise ValueError(f"line {number}: unknown profile {name!r}")
            if bool(end) != (inside == name):
                raise ValueError(f"line {number}: unbalanced block marker {line.strip()!r}")
            inside = None if end else name
            continue
        if inside is None or inside == profile:
            lines.append(line)
    if inside is not None:
        raise ValueError(f"block '{inside} only' is not closed")
    return "".join(lines)


def render(template, profile="production", values=None):
    values = {**DEFAULTS, **(values or {})}
    text = keep_profile(Path(template).read_text(encoding="utf-8"), profile)
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    for name in set(PLACEHOLDER.findall(text)):
        # USER_DIRECTIVE is a whole directive ("user www-data;") or nothing.
        if name != "USER_DIRECTIVE" and UNSAFE.search(values[name]):
            raise ValueError(f"{name}={values[name]!r}: characters not allowed in an nginx value")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("template", choices=sorted(TEMPLATES))
    parser.add_argument("assignments", nargs="*", metavar="NAME=VALUE")
    parser.add_argument(
        "--profile", choices=PROFILES, default=None, help="production (nginx) or stack (stack)"
    )
    parser.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    args = parser.parse_intermixed_args(argv)
    values = {}
    for item in args.assignments:
        name, sep, value = item.partition("=")
        if not sep or not PLACEHOLDER.fullmatch("${" + name + "}"):
            parser.error(f"expected NAME=VALUE, not {item!r}")
        values[name] = value
    profile = args.profile or ("stack" if args.template == "stack" else "production")
    try:
        text = render(TEMPLATES[args.template], profile, values)
    except ValueError as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

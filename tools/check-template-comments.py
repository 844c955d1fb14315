#!/usr/bin/env python3
"""Fail on a ``{# … #}`` template comment that does not end on its line.

Django prints such a comment as page text; multi-line comments need ``{% comment %}``. The same rule
as tests/wucheng_site/test_templates.py, run by pre-commit. Usage: check-template-comments.py [FILE…]
(no files: every project .html).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".venv-lock", "node_modules", "static", ".git"}
SINGLE_LINE_COMMENT = re.compile(r"\{#.*?#\}")


def project_templates() -> list[Path]:
    return [path for path in ROOT.rglob("*.html") if not SKIP & set(path.relative_to(ROOT).parts)]


def problems(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "{#" in SINGLE_LINE_COMMENT.sub("", line):
            found.append(f"{path}:{number}: a {{# … #}} comment must end on its line (use {{% comment %}})")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(name) for name in argv if name.endswith(".html")] if argv else project_templates()
    found = [problem for path in paths for problem in problems(path)]
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The deploy checks run only against a running stack (``make test-deploy``, tools/test-deploy.sh), which
sets STACK_URL; without it this folder's stack tests are not even collected, so `make test` and its
suites never see them. ``test_config.py`` (the configuration files alone) runs everywhere."""

import os

if not os.environ.get("STACK_URL"):
    collect_ignore = ["test_stack.py"]


def pytest_terminal_summary(terminalreporter):
    """The figures the checks measured (e.g. publish → visible through the proxy), after the results."""
    from tests.deploy.stack import FIGURES

    if FIGURES:
        terminalreporter.section("deploy figures")
        for line in FIGURES:
            terminalreporter.write_line(line)

"""The suite runs on the database DATABASE_URL names (SQLite by default, PostgreSQL in `make test`)."""

import os

from django.db import connection


def test_suite_runs_on_the_configured_database():
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected

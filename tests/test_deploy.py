"""Production settings pass Django's deployment checklist with production environment variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_reports_no_warnings_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wucheng_site.settings.production",
        "SECRET_KEY": "x7#Jk2!pQz9-production-like-secret-key-of-enough-length-and-variety",
        "ALLOWED_HOSTS": "charity.wucheng.gov.cn",
        "DATABASE_URL": "sqlite:////tmp/wucheng-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "wucheng_site.settings.production", "ALLOWED_HOSTS": "example.org"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

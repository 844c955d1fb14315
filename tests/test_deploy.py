"""Production settings pass Django's deployment checklist and ours (wucheng_site/checks.py) with
production environment variables; a per-process cache, which would multiply the public forms' rate
limit by the number of workers, fails it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "wucheng_site.settings.production",
    "SECRET_KEY": "x7#Jk2!pQz9-production-like-secret-key-of-enough-length-and-variety",
    "ALLOWED_HOSTS": "charity.wucheng.gov.cn",
    "ADMINS": "网站运维 <ops@charity.wucheng.gov.cn>",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    environment.update(PRODUCTION)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def check_deploy(**env):
    return manage("check", "--deploy", "--fail-level", "WARNING", **env)


def test_check_deploy_reports_no_warnings_with_production_settings_and_redis(tmp_path):
    result = check_deploy(
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", CACHE_URL="redis://127.0.0.1:6379/1"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_cache_url_production_uses_the_database_cache_once_its_table_exists(tmp_path):
    database = f"sqlite:///{tmp_path}/db.sqlite3"
    missing = check_deploy(DATABASE_URL=database)
    assert missing.returncode != 0
    assert "wucheng.E002" in missing.stdout + missing.stderr
    assert manage("createcachetable", DATABASE_URL=database).returncode == 0
    result = check_deploy(DATABASE_URL=database)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_per_process_cache_fails_the_deploy_check(tmp_path):
    result = check_deploy(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "wucheng.E001" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "wucheng_site.settings.production", "ALLOWED_HOSTS": "example.org"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_production_site_whose_errors_reach_nobody_fails_the_deploy_check(tmp_path):
    result = check_deploy(
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", CACHE_URL="redis://127.0.0.1:6379/1", ADMINS=""
    )
    assert result.returncode != 0
    assert "wucheng.W003" in result.stdout + result.stderr

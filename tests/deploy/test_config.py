"""The deploy/ files agree with the settings, without a running stack (runs in every suite; the stack
itself is checked by test_stack.py under ``make test-deploy``)."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render = load("deploy_render", DEPLOY / "render.py")


def nginx_size(value):
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


@pytest.mark.parametrize("profile", ["production", "stack"])
def test_nginx_accepts_exactly_the_largest_body_the_site_accepts(profile):
    text = render.render(render.TEMPLATES["nginx"], profile, {"HTTP_PORT": "8089"})
    sizes = re.findall(r"^\s*client_max_body_size (\S+);", text, re.MULTILINE)
    assert [nginx_size(size) for size in sizes] == [settings.PUBLIC_REQUEST_MAX_BYTES]


def test_both_profiles_cache_with_the_same_key_and_purge_it():
    for profile in ("production", "stack"):
        text = render.render(render.TEMPLATES["nginx"], profile, {"HTTP_PORT": "8089"})
        assert "proxy_cache_key $host$request_uri|$wucheng_display;" in text
        assert "proxy_cache_purge wucheng $host$request_uri|$wucheng_display;" in text
        assert "${" not in text and " only ---" not in text


def test_only_production_has_https():
    production = render.render(render.TEMPLATES["nginx"], "production")
    stack = render.render(render.TEMPLATES["nginx"], "stack", {"HTTP_PORT": "8089"})
    assert "listen 443 ssl" in production and "return 301 https://" in production
    assert "ssl_certificate" not in stack and "listen 443" not in stack and "https://" not in stack


def test_a_value_that_would_end_an_nginx_directive_is_refused():
    with pytest.raises(ValueError, match="MEDIA_ROOT"):
        render.render(render.TEMPLATES["nginx"], "production", {"MEDIA_ROOT": "/srv/x; autoindex on"})
    with pytest.raises(ValueError, match="HTTP_PORT"):
        render.render(render.TEMPLATES["nginx"], "stack")


def test_the_nginx_cookie_names_are_the_sites():
    template = (DEPLOY / "nginx" / "wucheng.conf").read_text(encoding="utf-8")
    assert f"$cookie_{settings.DISPLAY_MODE_COOKIE}" in template
    assert f"$cookie_{settings.SESSION_COOKIE_NAME}" in template
    # A CSRF cookie alone changes no public page: it must not bypass the cache (docs/caching.md).
    assert f"$cookie_{settings.CSRF_COOKIE_NAME}" not in template
    assert set(settings.DISPLAY_MODES) == {"standard", "large"}  # the map knows "large" only


def test_env_example_names_every_variable_the_production_settings_read():
    settings_dir = Path(settings.BASE_DIR) / "wucheng_site" / "settings"
    read = set()
    for module in ("base.py", "production.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', (settings_dir / module).read_text()))
    example = (DEPLOY / "env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?([A-Z_]+)=", example, re.MULTILINE))
    # DEBUG is for development only; production settings force it off.
    assert read - named - {"DEBUG"} == set()

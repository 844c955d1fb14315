# 善行婺里 — two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_SETTINGS := wucheng_site.settings.test

.PHONY: run install install-dev lock test test-deps test-unit test-postgres test-opensearch test-browser test-deploy lint messages messages-upstream clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian, apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

# Installed from the lock files (every package of the tree pinned, with hashes); requirements*.txt say
# what we depend on directly and why, `make lock` turns them into the lock files.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## make run: set up SQLite with demo content and serve http://$(HOST):$(PORT)/
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap_roles
	$(BIN)/python manage.py setup_site --hostname $(HOST) --port $(PORT)
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py update_index
	@echo
	@echo "  Site:   http://$(HOST):$(PORT)/   (English: http://$(HOST):$(PORT)/en/)"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/   login: admin / wucheng-demo"
	@echo "          (role accounts: siteadmin, reviewer, editor, approver, chair, member, org; same password)"
	@echo "  Second factor for admin, reviewer, chair and member: the code from"
	@echo "          $(BIN)/python manage.py demo_code   (or add the demo secret from README.md to an authenticator app)"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint, migration check, the whole suite on SQLite, again on PostgreSQL, and the search
## tests on a real OpenSearch node. The three suites share nothing (own database, own media folder,
## own ports), so they run two at a time; everything they install is installed first, one at a time,
## because apt-get cannot run twice at once. Each suite's output is printed whole when it ends.
TEST_JOBS ?= 2
test: lint test-deps
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target test-unit test-postgres test-opensearch

## make test-deps: install Chromium, axe-core, the Nu Html Checker (vnu-jar), PostgreSQL, Java and Maven, and
## assemble OpenSearch
test-deps: install-dev
	tools/ensure-chromium.sh
	tools/a11y/install.sh
	tools/test-postgres.sh true
	tools/opensearch-node/run.sh build

TEMPLATES = $(shell find . -path ./.venv -prune -o -path '*/templates/*' -name '*.html' -print)
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djhtml --check $(TEMPLATES)
	tools/check-template-comments.py $(TEMPLATES)
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py check

test-unit: install-dev
	tools/ensure-chromium.sh
	tools/a11y/install.sh
	$(BIN)/pytest

test-postgres: install-dev
	tools/test-postgres.sh $(BIN)/pytest -m "not browser and not once"

## make test-opensearch: the search tests, and the tests that private records never reach search, against
## OpenSearch 2.19 (tools/opensearch-node, Java + Maven)
OPENSEARCH_TESTS := tests/search tests/disclosures/test_search.py tests/stories/test_search.py \
	tests/policies/test_comments.py tests/awards/test_privacy.py tests/oversight/test_privacy.py \
	tests/wucheng_site/test_health.py
test-opensearch: install-dev
	SEARCH_BACKEND=opensearch tools/opensearch-node/run.sh with $(BIN)/pytest -m "not browser" $(OPENSEARCH_TESTS)

## make test-browser: only the browser tests (Chromium), on SQLite
test-browser: install-dev
	tools/ensure-chromium.sh
	tools/a11y/install.sh
	$(BIN)/pytest -m browser

## make test-deploy: the production stack on this machine from deploy/ (PostgreSQL, OpenSearch, Redis,
## gunicorn, nginx with its page cache), set up as production is (migrate, bootstrap_roles, setup_site,
## collectstatic, the shared sample import, update_index, check --deploy), and tests/deploy/ through
## the proxy; its own ports, so it may run beside `make test` (tools/test-deploy.sh)
test-deploy: install-dev
	tools/test-deploy.sh

## make lock: pin the whole dependency tree with hashes after changing requirements*.txt (pip-tools, in a
## throw-away virtualenv so it never enters the project's)
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools
	for f in requirements requirements-dev; do \
	  .venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header \
	    --no-emit-find-links -o $$f.lock $$f.txt || exit 1; \
	done
	rm -rf .venv-lock

## make messages: refresh the zh-hans catalogue after changing UI strings (needs GNU gettext); compiles
## it and the Chinese we add for Wagtail's and other packages' strings (docs/admin-translation.md),
## which makemessages never rewrites
messages: install-dev messages-upstream
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "tests/*"
	$(BIN)/python manage.py compilemessages -l zh_Hans -i ".venv"

UPSTREAM_PO := $(wildcard wucheng_site/locale_upstream/zh_Hans/LC_MESSAGES/*.po)
## make messages-upstream: compile wucheng_site/locale_upstream (after editing it by hand)
messages-upstream:
	for po in $(UPSTREAM_PO); do msgfmt --check-format --statistics -o "$${po%.po}.mo" "$$po" || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 media static

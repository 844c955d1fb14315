#!/usr/bin/env bash
# The production stack on this machine, from the files in deploy/, and the checks through its proxy.
#
#   tools/test-deploy.sh                  # bring it up, run tests/deploy/ (pytest -m deploy), take it down
#   tools/test-deploy.sh --run CMD …      # bring it up, run CMD with the stack's environment, take it down
#   tools/test-deploy.sh --serve          # bring it up and keep it until Ctrl-C (prints how to reach it)
#
# PostgreSQL (tools/test-postgres.sh), OpenSearch (tools/opensearch-node/run.sh), Redis
# (deploy/redis.conf), gunicorn (deploy/gunicorn.conf.py, 2 workers) with the production settings, and
# nginx (deploy/nginx/wucheng.conf rendered by deploy/render.py with the "stack" profile) in front, all
# as plain processes on 127.0.0.1 with their files in a fresh /tmp/wucheng-stack.XXXXXX. The site is
# set up as production would be: migrate, bootstrap_roles, setup_site, collectstatic, the shared sample
# import, update_index, check --deploy. Everything is stopped and removed on exit, whatever happened
# (KEEP_STACK=1 keeps the folder for a look at the logs).
#
# As root (CI) the Debian packages nginx-light, libnginx-mod-http-cache-purge, redis-server, curl and
# openssl are installed when missing (wrk too for bench/proxy_bench.py); nginx's workers run as
# www-data. Ports (the next free one is taken when one is busy): STACK_PORT (8089, the site),
# STACK_PURGE_PORT (8088), STACK_BENCH_PORT (8087, plain files for the benchmark), STACK_REDIS_PORT
# (6390), PG_TEST_PORT (54339), OPENSEARCH_PORT (9259) — apart from `make test`'s, so both can run at
# once.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
PY="$root/.venv/bin/python"
SAMPLE="$root/../shared/samples/disclosures-sample.jsonl"

say() { printf '\n== %s\n' "$*"; }
die() {
  echo "test-deploy: $*" >&2
  exit 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() { # the first free port from $1 on
  local port="$1"
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

ensure_packages() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  [ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] || missing+=(libnginx-mod-http-cache-purge)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ "${STACK_NEEDS_WRK:-0}" = 1 ]; then command -v wrk >/dev/null 2>&1 || missing+=(wrk); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages ${missing[*]}; install them or run as root"
  echo "Installing ${missing[*]} (Debian) …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's packages start their own nginx and Redis on the usual ports; ours are separate.
  if command -v service >/dev/null 2>&1; then
    service nginx stop >/dev/null 2>&1 || true
    service redis-server stop >/dev/null 2>&1 || true
  fi
}

# --- outer: install, pick ports, start PostgreSQL and OpenSearch around the inner part -------------
outer() {
  [ -x "$PY" ] || die "no $PY: run 'make install-dev' first"
  ensure_packages
  export STACK_PORT STACK_PURGE_PORT STACK_BENCH_PORT STACK_REDIS_PORT
  STACK_PORT="$(free_port "${STACK_PORT:-8089}")"
  STACK_PURGE_PORT="$(free_port "${STACK_PURGE_PORT:-8088}")"
  [ "$STACK_PURGE_PORT" != "$STACK_PORT" ] || STACK_PURGE_PORT="$(free_port $((STACK_PORT + 1)))"
  STACK_BENCH_PORT="$(free_port "${STACK_BENCH_PORT:-8087}")"
  STACK_REDIS_PORT="$(free_port "${STACK_REDIS_PORT:-6390}")"
  export OPENSEARCH_PORT STACK_T0
  STACK_T0="$(date +%s)"
  OPENSEARCH_PORT="$(free_port "${OPENSEARCH_PORT:-9259}")"
  PG_TEST_PORT="$(free_port "${PG_TEST_PORT:-54339}")" exec tools/test-postgres.sh "$0" --inner "$@"
}

# --- inner: DATABASE_URL is set; OpenSearch starts here, beside the migration ----------------------
dir=""
pids=()
opensearch_start=""

cleanup() {
  local rc=$?
  set +e
  if [ -n "$dir" ] && [ -f "$dir/nginx/nginx.pid" ]; then
    kill -QUIT "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null
  fi
  local pid
  # INT: gunicorn's and Redis's quick shutdown.
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ -n "$dir" ] && [ -f "$dir/nginx/nginx.pid" ]; then
    for _ in $(seq 1 30); do
      kill -0 "$(cat "$dir/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$(cat "$dir/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null
  fi
  if [ -n "$opensearch_start" ]; then
    wait "$opensearch_start" 2>/dev/null # a start still under way ends first
    tools/opensearch-node/run.sh stop >/dev/null
  fi
  if [ "$rc" -ne 0 ] && [ -n "$dir" ]; then
    for log in opensearch.log gunicorn.log nginx/error.log redis.log; do
      [ -s "$dir/$log" ] || continue
      echo "--- last lines of $log:" >&2
      tail -n 25 "$dir/$log" >&2
    done
  fi
  if [ -n "$dir" ]; then
    if [ "${KEEP_STACK:-0}" = 1 ]; then
      echo "Kept $dir"
    else
      rm -rf "$dir"
    fi
  fi
  exit "$rc"
}

step() { # step NAME CMD…: run, print its duration
  local name="$1" start=$SECONDS
  shift
  say "$name"
  "$@" || {
    local rc=$?
    echo "   failed ($rc)"
    return "$rc"
  }
  echo "   ($((SECONDS - start)) s)"
}

manage() { "$PY" manage.py "$@"; }

wait_for() { # wait_for SECONDS DESCRIPTION CMD…
  local timeout="$1" what="$2" deadline=$((SECONDS + $1))
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not come up within ${timeout}s"
    sleep 0.2
  done
}

site_answers() { # gunicorn answers through nginx (any status but nginx's own 502/504)
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1")" || true
  case "$code" in 000 | 502 | 504) return 1 ;; esac
}

inner() {
  local started rc
  started="$(date +%s)"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  dir="$(mktemp -d /tmp/wucheng-stack.XXXXXX)"
  # nginx's workers (www-data when we are root) read static files and pictures from here.
  chmod 755 "$dir"
  mkdir -p "$dir"/{media,private-media,static,redis,nginx/tmp,nginx/cache,bench-static,pytest-media}
  chmod 700 "$dir/private-media"

  # OpenSearch takes 10-20 s to start: it does so while the database is migrated.
  tools/opensearch-node/run.sh start >"$dir/opensearch.log" 2>&1 &
  opensearch_start=$!
  export SEARCH_URL="http://127.0.0.1:$OPENSEARCH_PORT"

  local url="http://localhost:$STACK_PORT"
  # The stack's environment: production settings, every service of this stack. Written to a file as
  # well, for the tests and the benchmark to run management commands against the same stack.
  cat >"$dir/stack.env" <<EOF
DJANGO_SETTINGS_MODULE=wucheng_site.settings.production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=localhost,127.0.0.1
CSRF_TRUSTED_ORIGINS=$url
SECURE_SSL_REDIRECT=false
DATABASE_URL=$DATABASE_URL
SEARCH_BACKEND=opensearch
SEARCH_URL=$SEARCH_URL
CACHE_URL=redis://127.0.0.1:$STACK_REDIS_PORT/1
MEDIA_ROOT=$dir/media
PRIVATE_MEDIA_ROOT=$dir/private-media
STATIC_ROOT=$dir/static
MEDIA_ACCEL_REDIRECT_PREFIX=/_protected_media/
FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:$STACK_PURGE_PORT
NUM_PROXIES=1
WAGTAILADMIN_BASE_URL=$url
EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
ADMINS=ops@example.gov.cn
LOG_LEVEL=WARNING
EOF
  set -a
  # shellcheck disable=SC1091
  . "$dir/stack.env"
  set +a

  say "Stack in $dir: site $url, purge port $STACK_PURGE_PORT, Redis $STACK_REDIS_PORT, $DATABASE_URL, $SEARCH_URL"

  redis-server "$root/deploy/redis.conf" --port "$STACK_REDIS_PORT" --dir "$dir/redis" \
    --daemonize no --logfile "$dir/redis.log" &
  pids+=($!)
  wait_for 10 "Redis" redis-cli -p "$STACK_REDIS_PORT" ping

  # The database named in DATABASE_URL (tools/test-postgres.sh starts an empty server).
  "$PY" - <<'EOF'
import os

import psycopg

url, name = os.environ["DATABASE_URL"].rsplit("/", 1)
with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
    connection.execute(f'CREATE DATABASE "{name}"')
EOF

  # nginx first: the set-up's purges reach it (and find nothing to drop); 502 until gunicorn is up.
  say "nginx (deploy/nginx/, profile stack)"
  local user_directive="" owner
  owner="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    user_directive="user www-data;"
    owner=www-data
  fi
  python3 deploy/render.py nginx --profile stack \
    SERVER_NAME=localhost HTTP_PORT="$STACK_PORT" PURGE_PORT="$STACK_PURGE_PORT" \
    UPSTREAM="unix:$dir/gunicorn.sock" STATIC_ROOT="$STATIC_ROOT" MEDIA_ROOT="$MEDIA_ROOT" \
    CACHE_DIR="$dir/nginx/cache" CACHE_KEYS_SIZE=10m CACHE_MAX_SIZE=256m LOG_DIR="$dir/nginx" \
    -o "$dir/nginx/wucheng.conf"
  python3 deploy/render.py stack STACK_DIR="$dir" LOG_DIR="$dir/nginx" \
    BENCH_STATIC_PORT="$STACK_BENCH_PORT" USER_DIRECTIVE="$user_directive" -o "$dir/nginx/nginx.conf"
  chown -R "$owner" "$dir/nginx/cache" "$dir/nginx/tmp"
  nginx -t -q -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"
  check_production_config
  nginx -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log"

  # collectstatic needs no database: beside the migration too.
  manage collectstatic --noinput -v 0 >"$dir/collectstatic.log" 2>&1 &
  local collectstatic=$!
  step "migrate (and collectstatic)" manage migrate --noinput -v 0
  step "collectstatic" wait "$collectstatic" || { cat "$dir/collectstatic.log" >&2; die "collectstatic failed"; }
  step "OpenSearch" wait "$opensearch_start" || die "OpenSearch did not start"
  step "bootstrap_roles" manage bootstrap_roles
  step "setup_site --hostname localhost --port $STACK_PORT" manage setup_site --hostname localhost --port "$STACK_PORT"
  # The import's outcome is one of the checks (tests/deploy/): a failure there leaves the rest to run.
  if [ -f "$SAMPLE" ]; then
    say "import_disclosures $(basename "$SAMPLE")"
    local start=$SECONDS
    rc=0
    manage import_disclosures "$SAMPLE" >"$dir/import.txt" 2>&1 || rc=$?
    echo "$rc" >"$dir/import.status"
    tail -n 3 "$dir/import.txt" | sed 's/^/   /'
    echo "   (exit status $rc, $((SECONDS - start)) s)"
  else
    say "SKIPPED import_disclosures: $SAMPLE not found (../shared is not next to this checkout)"
  fi
  step "update_index" manage update_index -v 0
  # The production values (HTTPS redirect on), this stack's services; the result is one of the checks
  # in tests/deploy/ (its output and status are kept for it).
  say "check --deploy --fail-level WARNING (as production: SECURE_SSL_REDIRECT=true)"
  rc=0
  SECURE_SSL_REDIRECT=true manage check --deploy --fail-level WARNING >"$dir/check-deploy.txt" 2>&1 || rc=$?
  echo "$rc" >"$dir/check-deploy.status"
  sed 's/^/   /' "$dir/check-deploy.txt"

  say "gunicorn (deploy/gunicorn.conf.py, 2 workers)"
  GUNICORN_BIND="unix:$dir/gunicorn.sock" GUNICORN_WORKERS="${STACK_WORKERS:-2}" \
    "$root/.venv/bin/gunicorn" -c "$root/deploy/gunicorn.conf.py" wucheng_site.wsgi \
    >"$dir/gunicorn.log" 2>&1 &
  pids+=($!)
  export STACK_GUNICORN_PID=$!
  wait_for 60 "the site through nginx ($url/)" site_answers "$url/healthz"
  # A fresh worker's first search request can outlast the health check's own timeout: give every
  # service a moment to answer (the checks in tests/deploy/ then report what is still down).
  local deadline=$((SECONDS + 30))
  until curl -fsS -o /dev/null --max-time 5 "$url/healthz" 2>/dev/null || [ $SECONDS -ge $deadline ]; do
    sleep 1
  done
  echo "   healthz: $(curl -sS --max-time 5 "$url/healthz" || true)"
  echo "   stack up in $(($(date +%s) - ${STACK_T0:-$started})) s"

  export STACK_URL="$url" STACK_DIR="$dir" STACK_ENV_FILE="$dir/stack.env" STACK_PURGE_PORT STACK_BENCH_PORT
  case "${1:-}" in
    --serve)
      say "Serving $url until Ctrl-C. For tests/deploy/ or bench/proxy_bench.py from another shell:"
      echo "   export STACK_URL=$url STACK_DIR=$dir STACK_ENV_FILE=$dir/stack.env" \
        "STACK_PURGE_PORT=$STACK_PURGE_PORT STACK_BENCH_PORT=$STACK_BENCH_PORT STACK_GUNICORN_PID=$STACK_GUNICORN_PID"
      echo "   (its Django: set -a; . $dir/stack.env; set +a; .venv/bin/python manage.py …)"
      while :; do
        sleep 3600 &
        wait $! # (a signal interrupts wait, not a foreground sleep)
      done
      ;;
    --run)
      shift
      say "$*"
      "$@"
      ;;
    *)
      say "pytest tests/deploy (through $url)"
      # A test process of its own (test settings for pytest-django, which touches no database here);
      # the tests reach the stack through STACK_URL and run commands with STACK_ENV_FILE.
      env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 \
        STACK_URL="$url" STACK_DIR="$dir" STACK_ENV_FILE="$dir/stack.env" \
        STACK_PURGE_PORT="$STACK_PURGE_PORT" STACK_BENCH_PORT="$STACK_BENCH_PORT" \
        STACK_GUNICORN_PID="$STACK_GUNICORN_PID" MEDIA_ROOT="$dir/pytest-media" \
        "$root/.venv/bin/pytest" tests/deploy -m deploy --ds=wucheng_site.settings.test -q "$@"
      ;;
  esac
}

# The production profile must be valid nginx as well: tested with a throw-away certificate.
check_production_config() {
  local check="$dir/nginx/production-check"
  mkdir -p "$check/cache" "$check/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -keyout "$check/key.pem" -out "$check/cert.pem" >/dev/null 2>&1
  python3 deploy/render.py nginx TLS_CERTIFICATE="$check/cert.pem" TLS_CERTIFICATE_KEY="$check/key.pem" \
    CACHE_DIR="$check/cache" LOG_DIR="$check" ACME_ROOT="$check" -o "$check/wucheng.conf"
  cat >"$check/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_http_cache_purge_module.so;
pid $check/nginx.pid;
events {}
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $check/tmp/body;
    proxy_temp_path $check/tmp/proxy;
    fastcgi_temp_path $check/tmp/fastcgi;
    uwsgi_temp_path $check/tmp/uwsgi;
    scgi_temp_path $check/tmp/scgi;
    include $check/wucheng.conf;
}
EOF
  nginx -t -q -c "$check/nginx.conf" -e "$check/error.log" || die "the production nginx configuration is invalid"
  echo "   production profile: nginx -t ok"
}

if [ "${1:-}" = "--inner" ]; then
  shift
  inner "$@"
else
  outer "$@"
fi

#!/usr/bin/env bash
# A private, throw-away single-node OpenSearch for the test suite, assembled from Maven Central.
#
#   tools/opensearch-node/run.sh start          # build if needed, start, wait for yellow, print the URL
#   tools/opensearch-node/run.sh stop           # stop it and remove its data
#   tools/opensearch-node/run.sh with CMD …     # start, run CMD with SEARCH_URL set, stop; CMD's exit status
#   tools/opensearch-node/run.sh build          # only assemble target/opensearch-<version>/ (mvn package)
#
# The node listens on 127.0.0.1:$OPENSEARCH_PORT (default 9250), HTTP only on loopback, no security
# plugin (plain http, no login). Its config, data, logs and JVM temp files live in a fresh folder
# /tmp/wucheng-opensearch.XXXXXX that `stop` removes. OpenSearch refuses to run as root, so as root
# (like CI) it runs as the system user 'opensearch', created when missing. Needs Java 11+ (17 here)
# and Maven; as root, Debian's openjdk-17-jre-headless and maven are installed when missing.
#
# Environment: OPENSEARCH_PORT (9250), OPENSEARCH_HEAP (512m), OPENSEARCH_START_TIMEOUT (seconds, 120),
# OPENSEARCH_JAVA_OPTS (extra JVM options, appended).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
port="${OPENSEARCH_PORT:-9250}"
heap="${OPENSEARCH_HEAP:-512m}"
timeout="${OPENSEARCH_START_TIMEOUT:-120}"
version="$(sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$here/pom.xml")"
home="$here/target/opensearch-$version"
stamp="$home/.assembled"
# Where `start` leaves the path of its folder for `stop` (one node per port).
statefile="/tmp/wucheng-opensearch-$port.dir"
url="http://127.0.0.1:$port"

die() {
  echo "opensearch-node: $*" >&2
  exit 1
}

ensure_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing ${missing[*]} (Debian packages); install them or run as root"
  fi
  echo "Installing ${missing[*]} (Debian) …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
  ensure_tools
  # Rebuild when the home is missing or the pom or a module descriptor changed since the last build.
  if [ -f "$stamp" ] && [ -z "$(find "$here/pom.xml" "$here/modules" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  echo "Assembling OpenSearch $version from Maven Central (mvn package in $here) …"
  rm -rf "$here/target"
  local log
  log="$(mktemp)"
  # Debian's Maven 3.8 prints colour resets even with -q -B: keep its output for failures only.
  if ! mvn -B -q -f "$here/pom.xml" package >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "mvn package failed"
  fi
  rm -f "$log"
  [ -f "$home/modules/analysis-common/plugin-descriptor.properties" ] || die "assembly incomplete: $home"
  # The zip keeps config/ group-only; the node may run as another user ('opensearch'), who only reads.
  chmod -R a+rX "$home"
  touch "$stamp"
}

java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

start() {
  if [ -f "$statefile" ]; then
    if alive "$(cat "$(cat "$statefile")/opensearch.pid" 2>/dev/null || true)"; then
      die "a node for port $port runs already ($(cat "$statefile")); run '$0 stop' first"
    fi
    stop >/dev/null # left over from a run that was killed: clean it up
  fi
  port_in_use "$port" && die "port $port on 127.0.0.1 is in use; set OPENSEARCH_PORT"
  build

  local dir
  dir="$(mktemp -d /tmp/wucheng-opensearch.XXXXXX)"
  echo "$dir" >"$statefile"
  started=1
  mkdir -p "$dir"/{config/jvm.options.d,data,logs,tmp}
  cp "$home/config/log4j2.properties" "$dir/config/"
  # The shipped jvm.options, with its relative paths (resolved against the working directory, the
  # read-only home) pointing into our folder; the heap is set in jvm.options.d instead.
  sed -e '/^-Xm[sx]/d' \
    -e "s#HeapDumpPath=data#HeapDumpPath=$dir/data#" \
    -e "s#logs/#$dir/logs/#g" \
    "$home/config/jvm.options" >"$dir/config/jvm.options"
  # No pre-touching of the heap: a test node should not take its whole heap in RAM up front.
  printf -- '-Xms%s\n-Xmx%s\n-XX:-AlwaysPreTouch\n' "$heap" "$heap" >"$dir/config/jvm.options.d/heap.options"
  cat >"$dir/config/opensearch.yml" <<EOF
cluster.name: wucheng-test
node.name: wucheng-test
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: $port
discovery.type: single-node
# Seccomp is not needed for a throw-away test node and may be unavailable in containers.
bootstrap.system_call_filter: false
# A full build disk must not turn the test indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
EOF

  local as_owner=()
  if [ "$(id -u)" -eq 0 ]; then
    id opensearch >/dev/null 2>&1 ||
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin opensearch
    chown -R opensearch "$dir"
    chmod 700 "$dir"
    as_owner=(runuser -u opensearch --)
    # The home is only read; when the checkout is not readable by that user, use a copy.
    if ! runuser -u opensearch -- test -r "$home/lib/opensearch-$version.jar"; then
      cp -r "$home" "$dir/home"
      chown -R opensearch "$dir/home"
      home="$dir/home"
    fi
  fi

  # bin/opensearch calls bin/opensearch-keystore by a relative path: start it from the home.
  (
    cd "$home"
    exec setsid "${as_owner[@]}" env \
      JAVA_HOME="$(java_home)" \
      OPENSEARCH_PATH_CONF="$dir/config" \
      OPENSEARCH_TMPDIR="$dir/tmp" \
      OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:-}" \
      bin/opensearch -p "$dir/opensearch.pid" \
      </dev/null >"$dir/console.log" 2>&1
  ) &
  echo $! >"$dir/launcher.pid"

  local launcher deadline
  launcher="$(cat "$dir/launcher.pid")"
  deadline=$((SECONDS + timeout))
  until curl -fsS -o /dev/null --max-time 5 "$url/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null; do
    if ! alive "$launcher"; then
      echo "OpenSearch exited during start-up; its output:" >&2
      tail -n 40 "$dir/console.log" >&2
      stop >/dev/null
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "OpenSearch did not answer on $url within ${timeout}s; its output:" >&2
      tail -n 40 "$dir/console.log" >&2
      stop >/dev/null
      exit 1
    fi
    sleep 0.5
  done
  echo "OpenSearch $version on $url"
}

stop() {
  local dir pid
  if [ ! -f "$statefile" ]; then
    echo "No OpenSearch node for port $port."
    return 0
  fi
  dir="$(cat "$statefile")"
  for pid in "$(cat "$dir/opensearch.pid" 2>/dev/null || true)" "$(cat "$dir/launcher.pid" 2>/dev/null || true)"; do
    alive "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      alive "$pid" || break
      sleep 0.5
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  case "$dir" in
    /tmp/wucheng-opensearch.*) rm -rf "$dir" ;;
  esac
  rm -f "$statefile"
  echo "OpenSearch on port $port stopped."
}

with() {
  [ $# -gt 0 ] || die "usage: $0 with CMD [ARGS…]"
  # Stop only a node this call started (not one that was already running on the port).
  started=0
  trap '[ "$started" = 1 ] && stop >/dev/null' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start
  export SEARCH_URL="$url"
  local rc=0
  "$@" || rc=$?
  exit "$rc"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  build) build ;;
  with)
    shift
    with "$@"
    ;;
  *)
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# The relevance benchmark on SQLite, PostgreSQL and OpenSearch one after another, then one table
# engine × kind (bench/README.md).
#
#   bench/relevance_engines.sh                    # the test half of the generated corpus
#   bench/relevance_engines.sh --half tune        # any option of bench/search_relevance.py
#   PG_TEST_PORT=54332 OPENSEARCH_PORT=9261 bench/relevance_engines.sh
#
# PostgreSQL comes from tools/test-postgres.sh and OpenSearch from tools/opensearch-node/run.sh (the
# servers `make test-postgres` and `make test-opensearch` use), each started for its run and stopped
# after it. The OpenSearch run keeps its database on SQLite. An engine that fails is reported and
# left out of the table. The JSON figures stay in the folder printed at the end.
set -uo pipefail

cd "$(dirname "$0")/.."
py=.venv/bin/python
out="$(mktemp -d /tmp/wucheng-relevance-engines.XXXXXX)"
files=()

run() {  # name, command prefix…
  local name="$1"
  shift
  echo "=== $name ==="
  if "$@" "$py" bench/search_relevance.py "${ARGS[@]}" --json "$out/$name.json" --show 0; then
    files+=("$out/$name.json")
  else
    echo "relevance_engines: the $name run failed" >&2
  fi
  echo
}

ARGS=("$@")
run sqlite env -u DATABASE_URL -u SEARCH_BACKEND -u SEARCH_URL
run postgresql env -u SEARCH_BACKEND -u SEARCH_URL tools/test-postgres.sh
run opensearch env -u DATABASE_URL SEARCH_BACKEND=opensearch tools/opensearch-node/run.sh with

if [ ${#files[@]} -eq 0 ]; then
  echo "relevance_engines: no run succeeded" >&2
  exit 1
fi
echo "=== engines × kinds ==="
"$py" bench/search_relevance.py --combine "${files[@]}"
echo "(figures: $out)"
[ ${#files[@]} -eq 3 ]

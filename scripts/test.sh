#!/usr/bin/env bash
# Runs the whole test suite on SQLite and, where PostgreSQL is available, again on it.
# With CI=true a missing browser or a missing PostgreSQL is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CI=${CI:-false}

ensure_browser() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif [ "$CI" = true ]; then
    echo "chromium is missing and cannot be installed (run as root, or apt-get install chromium)" >&2
    exit 1
  else
    echo "chromium is missing: browser tests will be skipped (apt-get install chromium)" >&2
  fi
}

postgres_url() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "$TEST_DATABASE_URL"
    return
  fi
  local local_url="postgresql://postgres@127.0.0.1:5432/test"
  if "$PY" -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" \
      "$local_url" 2>/dev/null; then
    echo "$local_url"
  fi
}

ensure_browser
"$PY" -m ruff check --quiet .
"$PY" -m ruff format --check --quiet .

echo "== Tests on SQLite =="
env -u TEST_DATABASE_URL "$PY" -m pytest "$@"

pg=$(postgres_url)
if [ -n "$pg" ]; then
  echo "== Tests on PostgreSQL =="
  TEST_DATABASE_URL="$pg" "$PY" -m pytest "$@"
elif [ "$CI" = true ]; then
  echo "PostgreSQL is required in CI: set TEST_DATABASE_URL or run it on 127.0.0.1:5432" >&2
  exit 1
else
  echo "PostgreSQL not found: the suite ran on SQLite only."
fi

#!/usr/bin/env bash
# Runs every test: unit, storage contract (SQLite and PostgreSQL) and API tests.
# Starts the machine's PostgreSQL for the PostgreSQL tests (build/postgres.sh) and RabbitMQ for the feed tests
# (build/rabbitmq.sh). Outside CI, those tests are skipped when no server can be had; with CI=true they fail instead.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${RASA_TEST_POSTGRES:-}" ] && [ -f build/postgres.sh ]; then
  if line=$(bash build/postgres.sh | tail -n 1) && [[ "$line" == RASA_TEST_POSTGRES=* ]]; then
    export "$line"
  elif [ "${CI:-}" = "true" ]; then
    echo "error: PostgreSQL could not be started and CI=true" >&2
    exit 1
  else
    echo "warning: PostgreSQL could not be started; its tests will be skipped" >&2
  fi
fi

# The feed tests consume a real RabbitMQ (build/rabbitmq.sh); like PostgreSQL's, they are skipped outside CI without one.
if [ -z "${RASA_TEST_RABBITMQ:-}" ] && [ -f build/rabbitmq.sh ]; then
  if line=$(bash build/rabbitmq.sh | tail -n 1) && [[ "$line" == RASA_TEST_RABBITMQ=* ]]; then
    export "$line"
  elif [ "${CI:-}" = "true" ]; then
    echo "error: RabbitMQ could not be started and CI=true" >&2
    exit 1
  else
    echo "warning: RabbitMQ could not be started; its tests will be skipped" >&2
  fi
fi

# The real Rasa/Botfront data lives in shared/data beside the repository (CI's layout). A clone of a local
# repository made elsewhere (e.g. /tmp) finds it beside the repository it was cloned from.
if [ -z "${RASA_SHARED_DATA:-}" ] && [ ! -d ../shared/data ]; then
  origin=$(git config --get remote.origin.url 2>/dev/null || true)
  if [ -n "$origin" ] && [ -d "$origin/../shared/data" ]; then
    export RASA_SHARED_DATA=$(cd "$origin/../shared/data" && pwd)
  fi
fi

# The API tests check the served GraphQL schema with graphql-js (build/package.json).
if [ ! -d build/node_modules/graphql ]; then
  (cd build && npm ci --no-audit --no-fund --loglevel=error)
fi

log=$(mktemp)
dotnet test RasaPlatform.sln -c "${CONFIGURATION:-Debug}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One closing line over every test assembly: "tests: N passed, N failed, N skipped".
awk '
  /(Passed|Failed)! +- +Failed: / {
    gsub(",", " "); for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1)
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"

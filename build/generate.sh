#!/usr/bin/env bash
# Regenerates the API's controllers from spec/openapi.yaml with the pinned NSwag (the .NET tool NSwag.ConsoleCore,
# pinned in .config/dotnet-tools.json), Partial style, with the settings of build/nswag.json.
# Nobody edits src/RasaPlatform.Api/Generated/*.g.cs by hand; CI runs this and fails on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules/yaml ] || npm ci --no-audit --no-fund --loglevel=error
dotnet tool restore >/dev/null
# Operations marked `x-rasaplatform-status: planned` stay in the contract but get no controller method yet: this run's
# configuration is nswag.json with them excluded, written beside it so that its relative paths still hold.
run=nswag.run.json
trap 'rm -f "$run"' EXIT
excluded=$(node nswag-config.mjs nswag.json "$run")
mkdir -p ../src/RasaPlatform.Api/Generated
# NSwag reports errors on stdout: show its output only when it fails.
if ! log=$(dotnet nswag run "$run" 2>&1); then
  printf '%s\n' "$log" >&2
  exit 1
fi
echo "generated src/RasaPlatform.Api/Generated/Controllers.g.cs (planned, not generated: ${excluded:-none})"

#!/usr/bin/env bash
# Copies the dashboard's third-party scripts from the pinned npm packages (build/package.json) into the folder the
# service embeds (src/RasaPlatform.Api/Dashboard/Site/assets/vendor), under a folder named with their version.
# The copies are committed, so `dotnet build` needs no npm; CI runs this and fails on any difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules/echarts ] || npm ci --no-audit --no-fund --loglevel=error
version=$(node -p "require('./node_modules/echarts/package.json').version")
vendor=../src/RasaPlatform.Api/Dashboard/Site/assets/vendor
rm -rf "$vendor"
mkdir -p "$vendor/echarts-$version"
# The "common" build: line, bar, pie and scatter charts with grid, legend, tooltip and data zoom, 0.7 MB instead of 1.1.
cp node_modules/echarts/dist/echarts.common.min.js "$vendor/echarts-$version/"
cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$vendor/echarts-$version/"
echo "copied echarts $version into src/RasaPlatform.Api/Dashboard/Site/assets/vendor"

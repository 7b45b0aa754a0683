#!/usr/bin/env bash
# Builds the dashboard's chart library from the pinned npm packages (build/package.json) into the folder the service
# embeds (src/RasaPlatform.Api/Dashboard/Site/assets/vendor), under a folder named with ECharts' version: only the
# parts the overview draws (build/dashboard-charts.mjs), bundled and minified by esbuild, whose output is the same
# bytes for the same inputs. The result is committed, so `dotnet build` needs no npm; CI runs this and fails on any
# difference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
[ -d node_modules/echarts ] && [ -d node_modules/esbuild ] || npm ci --no-audit --no-fund --loglevel=error
version=$(node -p "require('./node_modules/echarts/package.json').version")
vendor=../src/RasaPlatform.Api/Dashboard/Site/assets/vendor
rm -rf "$vendor"
mkdir -p "$vendor/echarts-$version"
npx --no-install esbuild dashboard-charts.mjs --bundle --minify --format=iife --target=es2020 --legal-comments=eof \
  --log-level=warning --outfile="$vendor/echarts-$version/echarts.min.js"
cp node_modules/echarts/LICENSE node_modules/echarts/NOTICE "$vendor/echarts-$version/"
echo "built echarts $version (bar, line, grid, legend, tooltip, canvas) into src/RasaPlatform.Api/Dashboard/Site/assets/vendor"

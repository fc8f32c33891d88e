#!/usr/bin/env bash
# Serves the published page through the Static Web Apps CLI, /api proxied to a Functions host: the one `swa start`
# command line, used by `npm start` (run-local.sh) and by the browser tests that run the page as npm start serves it.
#
#   functions/serve-page.sh PUBLISHED_WWWROOT API_URL PORT
#
# --swa-config-location: the published wwwroot's staticwebapp.config.json, whose Content-Security-Policy holds the
# import map's hash. Without it the CLI searches from the working directory and takes the source one under web/,
# whose IMPORTMAP_HASH placeholder makes Chromium block the import map, so the page never starts.
# The CLI listens only once the API answers, and gives up after a minute: start it when the API is up.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 PUBLISHED_WWWROOT API_URL PORT" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
wwwroot="$(cd "$1" && pwd)"
[ -f "$wwwroot/staticwebapp.config.json" ] || { echo "$wwwroot holds no staticwebapp.config.json: publish web/ first" >&2; exit 2; }
swa="$root/node_modules/.bin/swa"
[ -x "$swa" ] || { echo "The Static Web Apps CLI is not installed: npm ci --ignore-scripts --no-audit --no-fund" >&2; exit 2; }
cd "$root"
exec "$swa" start "$wwwroot" --swa-config-location "$wwwroot" --api-devserver-url "$2" --port "$3"

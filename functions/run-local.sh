#!/usr/bin/env bash
# Runs the app locally: Azurite (from the project's npm install) on loopback, then the Functions host.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v func >/dev/null 2>&1; then
  cat >&2 <<'MSG'
The Azure Functions Core Tools ('func') are not installed, so the app cannot be hosted here.
Install them (v4), for example:  npm install -g azure-functions-core-tools@4 --unsafe-perm true
or see https://learn.microsoft.com/azure/azure-functions/functions-run-local, then run this again.
The tests do not need them: dotnet test Telephony.sln
MSG
  exit 1
fi

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
if ! (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  mkdir -p .azurite
  npx azurite --silent --location .azurite --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --skipApiVersionCheck --disableTelemetry > .azurite/azurite.log 2>&1 &
  trap 'kill $! 2>/dev/null' EXIT
  echo "Azurite started on 127.0.0.1 (blob 10000, queue 10001, table 10002); data in .azurite/"
fi

[ -f functions/local.settings.json ] || cp functions/local.settings.json.example functions/local.settings.json
cd functions
func start

#!/usr/bin/env bash
# Runs the whole product locally: Azurite (from the project's npm install) on loopback, the Functions host, and the
# page (web/, published as deployed) served by the Static Web Apps CLI, which proxies /api to the Functions host and
# emulates sign-in.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v func >/dev/null 2>&1; then
  cat >&2 <<'MSG'
The Azure Functions Core Tools ('func') are not installed, so the app cannot be hosted here.
Install them (v4), for example:  npm install -g azure-functions-core-tools@4
(macOS: brew tap azure/functions && brew install azure-functions-core-tools@4; other ways:
https://learn.microsoft.com/azure/azure-functions/functions-run-local), then run this again.
The tests do not need them: dotnet test Telephony.sln
MSG
  exit 1
fi

# --ignore-scripts: the Static Web Apps CLI's keytar module downloads a native build that is unreachable here; only
# `swa deploy` uses it.
[ -d node_modules/azurite ] && [ -d node_modules/@azure/static-web-apps-cli ] || npm ci --ignore-scripts --no-audit --no-fund
if ! (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  mkdir -p .azurite
  npx azurite --silent --location .azurite --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --skipApiVersionCheck --disableTelemetry > .azurite/azurite.log 2>&1 &
  azurite_pid=$!
  trap 'kill ${func_pid:-} ${azurite_pid:-} 2>/dev/null' EXIT
  echo "Azurite started on 127.0.0.1 (blob 10000, queue 10001, table 10002); data in .azurite/"
fi

[ -f functions/local.settings.json ] || cp functions/local.settings.json.example functions/local.settings.json
echo "Publishing the page (web/) ..."
dotnet publish web/Telephony.Web.csproj -c Release -o web/bin/local --nologo -v quiet

(cd functions && exec func start) &
func_pid=$!
trap 'kill ${func_pid:-} ${azurite_pid:-} 2>/dev/null' EXIT

# The demo site, once: the page then opens on london-bridge (the example settings make curl a platform administrator).
(
  for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/7071) 2>/dev/null && break; sleep 1; done
  if [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:7071/api/sites/london-bridge)" = 404 ]; then
    curl -s -o /dev/null -X POST -H 'Content-Type: text/csv' --data-binary @docs/demo-site.csv \
      http://localhost:7071/api/platform/sites/london-bridge/phone-numbers/import
    curl -s -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"name":"Acme Ltd","voiceServices":2}' \
      http://localhost:7071/api/platform/sites/london-bridge/occupiers/acme
    echo "Loaded the demo site london-bridge (docs/demo-site.csv)."
  fi
) &

echo "Open http://localhost:4280 and sign in on the emulated page: give yourself the role Telephony.PlatformAdmin,"
echo "or Telephony.Operator and site:london-bridge (docs/security.md)."
npx swa start web/bin/local/wwwroot --api-devserver-url http://localhost:7071 --port 4280

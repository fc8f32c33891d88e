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

# Checked first: the CLI would ask for another port, and the address printed below is polled on this one.
if (exec 3<>/dev/tcp/127.0.0.1/4280) 2>/dev/null; then
  echo "Port 4280, where the page is served, is in use: stop what listens there, then run this again." >&2
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

# The Static Web Apps CLI gives up on an API that does not answer within a minute, and the host's first start builds
# the app: the CLI is started once the app answers (/api/me, as the development principal of the example settings).
echo "Starting the Functions host (the first start builds the app first) ..."
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:7071/api/me)" = 200 ]; do
  kill -0 "$func_pid" 2>/dev/null || { echo "The Functions host stopped before it answered." >&2; exit 1; }
  sleep 1
done

# The demo site, once: the page then opens on london-bridge (the example settings make curl a platform administrator).
if [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:7071/api/sites/london-bridge)" = 404 ]; then
  imported=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: text/csv' --data-binary @docs/demo-site.csv \
    http://localhost:7071/api/platform/sites/london-bridge/phone-numbers/import)
  settings=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -d '{"name":"London Bridge","operatorName":"Workspace Co"}' http://localhost:7071/api/platform/sites/london-bridge/settings)
  occupier=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -d '{"name":"Acme Ltd","voiceServices":2}' http://localhost:7071/api/platform/sites/london-bridge/occupiers/acme)
  if [ "$imported" = 200 ] && [ "${settings:0:1}" = 2 ] && [ "${occupier:0:1}" = 2 ]; then
    echo "Loaded the demo site london-bridge (docs/demo-site.csv)."
  else
    echo "Loading the demo site failed (import: HTTP $imported, settings: HTTP $settings, occupier: HTTP $occupier); see the host's log." >&2
  fi
fi

# The page through the Static Web Apps CLI: functions/serve-page.sh holds the one `swa start` command line, which the
# browser tests (NpmStartTests) run too. Its own process group (set -m), so that stopping it stops the server process
# the CLI starts as well.
set -m
functions/serve-page.sh web/bin/local/wwwroot http://localhost:7071 4280 &
page_pid=$!
set +m
trap 'kill -- "-$page_pid" 2>/dev/null; kill ${func_pid:-} ${azurite_pid:-} 2>/dev/null' EXIT

# The address is given when the page answers, not before.
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:4280/)" != 000 ]; do
  kill -0 "$page_pid" 2>/dev/null || { echo "The Static Web Apps CLI stopped before serving the page." >&2; exit 1; }
  sleep 1
done
echo "Open http://localhost:4280 and sign in on the emulated page: give yourself the role Telephony.PlatformAdmin,"
echo "or Telephony.Operator and site:london-bridge (docs/security.md)."
wait "$page_pid"

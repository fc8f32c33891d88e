# Sourced by .ci/run: starts CI's own Azurite Table service on a free loopback port and exports TELEPHONY_TEST_STORAGE
# for it. A listener that is not this Azurite (another developer's or job's) is never used: readiness is Azurite's own
# "successfully started" line, and the process must still be alive after it. AZURITE_TABLE_PORT pins the port.

azurite_dev_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

free_loopback_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Starts it in a process group of its own (setsid: the .bin script starts node as a child), so that
# `kill -- -$azurite_pid` stops all of it. Returns non-zero, with the log shown, when it did not come up as itself.
start_own_azurite() {
  local log=.azurite/azurite.log attempt port
  mkdir -p .azurite
  for attempt in 1 2 3; do
    port=${AZURITE_TABLE_PORT:-$(free_loopback_port)} || return 1
    : > "$log"
    # Not --silent: its start-up line is the readiness signal (the access log goes to the same file).
    setsid node_modules/.bin/azurite-table --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence \
      --skipApiVersionCheck --disableTelemetry >> "$log" 2>&1 &
    azurite_pid=$!
    for _ in $(seq 1 120); do
      kill -0 "$azurite_pid" 2>/dev/null || break
      grep -q 'successfully started' "$log" && break
      sleep 0.5
    done
    if grep -q 'successfully started' "$log" && kill -0 "$azurite_pid" 2>/dev/null &&
       (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && kill -0 "$azurite_pid" 2>/dev/null; then
      export TELEPHONY_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_dev_key;TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
      echo "CI's Azurite (pid $azurite_pid) serves tables on 127.0.0.1:$port"
      return 0
    fi
    echo "CI's Azurite did not come up on 127.0.0.1:$port (attempt $attempt):" >&2
    cat "$log" >&2
    kill -- "-$azurite_pid" 2>/dev/null
    [ -n "${AZURITE_TABLE_PORT:-}" ] && return 1  # a pinned port taken by someone else is not retried elsewhere
  done
  return 1
}

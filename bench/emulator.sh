#!/usr/bin/env bash
# Sustained requests per second of the emulator over loopback, for CreateProxySession and GetProxySession,
# with the state in memory and in a state file (every change fsync'd before it is acknowledged).
#
# The load comes from wrk (Debian package, installed if missing), a C load generator, so that what is measured is
# the emulator and not a client competing with it for the same cores. Prints every run and the median of RUNS runs.
#
#   bench/emulator.sh                       # 5 runs of 5 s each, 16 connections
#   RUNS=7 DURATION=10s bench/emulator.sh
#   JAR=/path/to/other/proxy-session-local.jar bench/emulator.sh   # another build, to compare
#   MODES=state DURATION=10s bench/emulator.sh                      # only with a state file
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
MODES=${MODES:-memory state}
JAR=${JAR:-local/target/proxy-session-local.jar}
VC=demovoiceconnector0001
AUTH='Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=0'
DATE='X-Amz-Date: 20261123T000000Z'

[ -f "$JAR" ] || mvn -B -q package -DskipTests
if ! command -v wrk >/dev/null; then
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi

# The emulator of the current mode and its temporary directory, removed however the script ends (a failed step
# exits through set -e, and a trap on RETURN would not run then).
EMULATOR_PID=
TMP_DIR=
cleanup() {
  [ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null
  [ -n "$TMP_DIR" ] && rm -rf "$TMP_DIR"
  EMULATOR_PID= TMP_DIR=
  true
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Runs wrk once and prints its requests/s; fails if any response was not 2xx.
load() {
  local out
  out=$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "$AUTH" -H "$DATE" -H 'Content-Type: application/json' "$@")
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "non-2xx responses during the run:" >&2
    echo "$out" >&2
    exit 1
  fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

run_mode() {
  local mode=$1 state_args=()
  TMP_DIR=$(mktemp -d)
  [ "$mode" = state ] && state_args=(--state "$TMP_DIR/state.json")
  exec 3< <(exec java -jar "$JAR" emulator "${state_args[@]}")
  EMULATOR_PID=$!
  local line
  read -r line <&3   # blocks until the emulator accepts connections
  local endpoint=${line#listening on }

  curl -sf -X PUT -H "$AUTH" -H "$DATE" "$endpoint/voice-connectors/$VC/programmable-numbers/proxy" \
    -d '{"DefaultSessionExpiryMinutes":720,"PhoneNumberPoolCountries":["US"]}' >/dev/null
  local sessions="$endpoint/voice-connectors/$VC/proxy-sessions"

  # One unmeasured run of each warms up the JIT.
  load -s bench/create-session.lua "$sessions" -- "/voice-connectors/$VC/proxy-sessions" >/dev/null
  local creates=()
  for i in $(seq "$RUNS"); do
    creates+=("$(load -s bench/create-session.lua "$sessions" -- "/voice-connectors/$VC/proxy-sessions")")
    echo "  [$mode] run $i: CreateProxySession ${creates[-1]} requests/s"
  done

  local id
  id=$(curl -sf -H "$AUTH" -H "$DATE" "$sessions?max-results=1" | grep -o '"ProxySessionId":"[^"]*"' | cut -d'"' -f4)
  load "$sessions/$id" >/dev/null
  local gets=()
  for i in $(seq "$RUNS"); do
    gets+=("$(load "$sessions/$id")")
    echo "  [$mode] run $i: GetProxySession    ${gets[-1]} requests/s"
  done
  echo "[$mode] median CreateProxySession: $(printf '%s\n' "${creates[@]}" | median) requests/s"
  echo "[$mode] median GetProxySession:    $(printf '%s\n' "${gets[@]}" | median) requests/s"
  echo "[$mode] load after the runs: $(uptime | sed 's/.*load average: //')"
  cleanup
}

echo "emulator benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), wrk $WRK_THREADS threads," \
  "$CONNECTIONS connections, $RUNS runs of $DURATION, jar $JAR; load: $(uptime | sed 's/.*load average: //')"
for mode in $MODES; do
  run_mode "$mode"
done

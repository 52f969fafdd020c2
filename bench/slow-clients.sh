#!/usr/bin/env bash
# Memory (RSS) and threads of the emulator while CLIENTS slow clients hold connections open: half send part of
# their headers and stop, half send their headers and part of a body and stop. Also times one signed request made
# while they wait, and checks that the emulator cuts them off by itself (its read timeout is 30 s).
#
# Prints, per run: RSS and threads at rest (after a few requests), the highest RSS and threads seen over 5 s with
# the slow clients connected, the time of a request made meanwhile, and how many slow connections the emulator had
# closed 40 s later. Then the median of each over RUNS runs.
#
#   bench/slow-clients.sh                          # 3 runs of 1,000 clients
#   CLIENTS=3000 RUNS=5 bench/slow-clients.sh
#   JAR=/path/to/other/proxy-session-local.jar bench/slow-clients.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
CLIENTS=${CLIENTS:-1000}
JAR=${JAR:-local/target/proxy-session-local.jar}
AUTH='Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=0'
DATE='X-Amz-Date: 20261123T000000Z'

[ -f "$JAR" ] || mvn -B -q package -DskipTests
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# The emulator of the current run, stopped however the script ends.
EMULATOR_PID=
trap '[ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null; true' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
rss_mb() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }

# Opens CLIENTS connections, each with part of a request sent; prints "ready" once all have sent, holds them for
# HOLD seconds, then prints how many of them the server has closed meanwhile, and closes the rest.
slow_clients() {
  python3 - "$1" "$2" "$3" <<'PY'
import socket, sys, time
host, port = sys.argv[1].split(':'); count = int(sys.argv[2]); hold = float(sys.argv[3])
partial = b"POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le"
short_body = (b"POST /voice-connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100\r\n\r\n{\"Name\":")
socks = []
for i in range(count):
    s = socket.create_connection((host, int(port)))
    s.sendall(partial if i % 2 == 0 else short_body)
    socks.append(s)
print("ready", flush=True)
time.sleep(hold)
closed = 0
for s in socks:
    s.setblocking(False)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                closed += 1
                break
    except BlockingIOError:
        pass          # still open: nothing more to read
    except OSError:
        closed += 1   # reset
    s.close()
print(closed, flush=True)
PY
}

run_once() {
  local out
  out=$(mktemp)
  java -jar "$JAR" emulator >"$out" 2>&1 &
  local pid=$!
  EMULATOR_PID=$pid
  trap "kill $pid 2>/dev/null; rm -f $out" RETURN
  until grep -q 'listening on' "$out"; do
    kill -0 "$pid" || { cat "$out" >&2; return 1; }
    sleep 0.2
  done
  local endpoint
  endpoint=$(sed -n 's/^listening on //p' "$out")
  for _ in $(seq 20); do
    curl -sf -H "$AUTH" -H "$DATE" "$endpoint/voice-connectors" >/dev/null
  done
  local rest_rss rest_threads
  rest_rss=$(rss_mb "$pid")
  rest_threads=$(threads "$pid")

  local slow
  slow=$(mktemp)
  # 40 s: past the emulator's 30 s read timeout.
  slow_clients "${endpoint#http://}" "$CLIENTS" 40 >"$slow" &
  local slow_pid=$!
  until grep -q ready "$slow"; do
    kill -0 "$slow_pid" || return 1
    sleep 0.2
  done
  local max_rss=0 max_threads=0 i r t
  for i in $(seq 10); do
    r=$(rss_mb "$pid"); t=$(threads "$pid")
    (( r > max_rss )) && max_rss=$r
    (( t > max_threads )) && max_threads=$t
    sleep 0.5
  done
  local request_ms
  request_ms=$(curl -s -o /dev/null -w '%{time_total}' -m 60 -H "$AUTH" -H "$DATE" "$endpoint/voice-connectors" \
    | awk '{printf "%d", $1 * 1000}')
  wait "$slow_pid"
  local closed
  closed=$(tail -1 "$slow")
  rm -f "$slow"
  echo "$rest_rss $rest_threads $max_rss $max_threads $request_ms $closed"
}

echo "slow-client benchmark: $(nproc) cores, $(java -version 2>&1 | head -1), $CLIENTS clients, $RUNS runs," \
  "jar $JAR; load: $(uptime | sed 's/.*load average: //')"
results=()
for run in $(seq "$RUNS"); do
  line=$(run_once)
  read -r rr rt mr mt ms cl <<<"$line"
  echo "  run $run: at rest ${rr} MB RSS, ${rt} threads; with $CLIENTS slow clients ${mr} MB RSS, ${mt} threads;" \
    "a request meanwhile ${ms} ms; slow connections closed by the emulator within 40 s: ${cl}/$CLIENTS"
  results+=("$line")
done
col() { printf '%s\n' "${results[@]}" | awk -v c="$1" '{print $c}' | median; }
echo "median: at rest $(col 1) MB RSS, $(col 2) threads; with $CLIENTS slow clients $(col 3) MB RSS, $(col 4)" \
  "threads; a request meanwhile $(col 5) ms; closed within 40 s: $(col 6)/$CLIENTS"

#!/usr/bin/env bash
# The wall time of the whole suite, `mvn -B verify`, N times in a row (warm ~/.m2), with the machine's load before
# and after each run, each run's per-module times (Maven's reactor summary), the CPU it used by kind of process
# (bench/cpu-by-process.py: function instances, test JVMs, node, Maven; needs python3) and the median of the wall
# times. Logs go
# to $SUITE_TIME_LOGS/run-<i>.log (default: ${TMPDIR:-/tmp}/proxy-sessions-suite-time, out of the reach of
# `mvn clean`). Extra arguments go to Maven.
#
#   bench/suite-time.sh          # 3 runs
#   bench/suite-time.sh 2
#   bench/suite-time.sh 2 -o     # offline
#
# `mvn clean` first unless SUITE_TIME_CLEAN=false: a run measures the suite from a clean tree, as from a clone. The
# Lambda runtime cache (with the functions' class data archives) lives in local/runner/target, so it goes too.
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

runs="${1:-3}"
shift || true
out="${SUITE_TIME_LOGS:-${TMPDIR:-/tmp}/proxy-sessions-suite-time}"
mkdir -p "$out"
times=()
cpus=()
for i in $(seq 1 "$runs"); do
  if [[ "${SUITE_TIME_CLEAN:-true}" != false ]]; then
    mvn -B -q clean "$@" >/dev/null
  fi
  log="$out/run-$i.log"
  echo "run $i: load before: $(uptime | sed 's/.*load average: //')"
  start=$(date +%s.%N)
  status=0
  mvn -B verify "$@" >"$log" 2>&1 &
  maven=$!
  cpu="$out/cpu-$i.txt"
  python3 bench/cpu-by-process.py "$maven" >"$cpu" 2>&1 || echo "  (no CPU figures: $cpu)" >"$cpu"
  wait "$maven" || status=$?
  end=$(date +%s.%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  echo "run $i: load after:  $(uptime | sed 's/.*load average: //')"
  sed -n '/Reactor Summary/,/BUILD/p' "$log" | sed 's/^\[INFO\] /  /'
  if [[ $status -ne 0 ]]; then
    echo "run $i FAILED (exit $status); see $log" >&2
    exit "$status"
  fi
  echo "run $i: CPU by kind of process (bench/cpu-by-process.py):"
  cat "$cpu"
  printf 'run %d: %.1f s\n' "$i" "$wall"
  times+=("$wall")
  cpus+=("$(awk '$1 == "total" { print $2 }' "$cpu")")
done

printf '%s\n' "${times[@]}" | sort -n | awk '
  { t[NR] = $1 }
  END {
    m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "wall times (s):"; for (i = 1; i <= NR; i++) printf " %.1f", t[i]; printf "\n"
    printf "median: %.1f s (%d:%04.1f)\n", m, int(m / 60), m - 60 * int(m / 60)
  }'
printf '%s\n' "${cpus[@]}" | awk 'NF' | sort -n | awk '
  { t[NR] = $1 }
  END { if (NR) printf "median CPU (user + system): %.0f s\n", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'

#!/usr/bin/env bash
# Can this machine measure the provider's cold start on arm64? Prints the machine's architecture and whether the
# kernel runs arm64 binaries by itself (binfmt_misc); on an x86_64 machine, runs the same JVM start (the local
# runner jar's --help, with the Lambda java21 runtime's JVM flags) natively and as an arm64 JVM under qemu-user, RUNS
# times each, and prints the medians and their ratio: the cost of the emulation, which any arm64 figure taken here
# would measure instead of the architecture.
#
#   bench/arm64.sh          # 5 runs each
#   RUNS=9 bench/arm64.sh
#
# Installs qemu-user-static (Debian) when missing, and unpacks Debian's arm64 OpenJDK 17 and the libraries it needs
# into target/arm64-emulation/ (apt-get download with lists of its own: the system's dpkg architectures stay as they
# are).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
JAR=local/target/proxy-session-local.jar
WORK=$PWD/target/arm64-emulation
FLAGS=(-XX:+UseSerialGC -Xshare:auto -XX:+TieredCompilation -XX:TieredStopAtLevel=1)

echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
if [ "$(uname -m)" = aarch64 ]; then
  echo "this machine is arm64: bench/cold-start.sh measures arm64 natively here"
  exit 0
fi
if grep -qs aarch64 /proc/sys/fs/binfmt_misc/* 2>/dev/null; then
  echo "binfmt_misc: the kernel hands arm64 binaries to an emulator"
else
  echo "binfmt_misc: no arm64 handler registered; arm64 runs only through qemu-user named on the command line"
fi

[ -f "$JAR" ] || mvn -B -q package -DskipTests
if ! command -v qemu-aarch64-static >/dev/null; then
  apt-get install -y -q qemu-user-static >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q qemu-user-static >/dev/null; }
fi

ROOT=$WORK/root
ARM_JAVA=$ROOT/usr/lib/jvm/java-17-openjdk-arm64/bin/java
if [ ! -x "$ARM_JAVA" ]; then
  mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs" "$ROOT"
  APT=(-o "Dir::State::Lists=$WORK/lists" -o "Dir::Cache=$WORK/cache" -o APT::Architecture=arm64
       -o APT::Architectures::=arm64 -o Debug::NoLocking=1)
  apt-get "${APT[@]}" update -q >/dev/null
  (cd "$WORK/debs" && apt-get "${APT[@]}" download openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g \
    >/dev/null 2>&1)
  for deb in "$WORK"/debs/*.deb; do dpkg -x "$deb" "$ROOT"; done
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

echo "native: $(java -version 2>&1 | sed -n 2p)"
echo "arm64:  $(qemu-aarch64-static -L "$ROOT" "$ARM_JAVA" -version 2>&1 | sed -n 2p), under $(qemu-aarch64-static \
  --version | head -1)"
echo "load: $(uptime | sed 's/.*load average: //')"
native=() emulated=()
for i in $(seq "$RUNS"); do
  native+=("$(seconds java "${FLAGS[@]}" -jar "$JAR" --help)")
  emulated+=("$(seconds qemu-aarch64-static -L "$ROOT" "$ARM_JAVA" "${FLAGS[@]}" -jar "$JAR" --help)")
  printf '  run %d: x86_64 %.2f s, arm64 under qemu-user %.2f s\n' "$i" "${native[-1]}" "${emulated[-1]}"
done
n=$(printf '%s\n' "${native[@]}" | median)
e=$(printf '%s\n' "${emulated[@]}" | median)
printf 'median JVM start and --help: x86_64 %.2f s, arm64 under qemu-user %.2f s: %.1fx\n' "$n" "$e" \
  "$(echo "$e / $n" | bc -l)"
echo "load: $(uptime | sed 's/.*load average: //')"

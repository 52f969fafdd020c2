#!/usr/bin/env bash
# A stack of many proxy sessions deployed and destroyed through the local runner, with the embedded emulator
# throttled. Prints each run's wall times beside the bound the throttle alone sets, the deploy's API calls per
# session (the configuration included) and by operation, and the medians.
#
#   bench/deploy.sh                  # 200 sessions, 20 requests/s, burst 20, 3 runs
#   bench/deploy.sh 200 20 20 5
#   bench/deploy.sh 200 0 0 5        # no throttle: the calls per session
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# In the reactor, so that this repository's modules resolve to their build output (the runner is built last and
# writes the class path file last).
mvn -B -q -pl local/runner -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/local/runner/target/bench-classpath.txt"
java -Dproxysessions.local.cacheDir=local/runner/target/lambda-runtime-cache \
  -cp "local/runner/target/test-classes:local/runner/target/classes:$(cat local/runner/target/bench-classpath.txt)" \
  io.github.proxysessions.local.DeployBenchmark "$@"

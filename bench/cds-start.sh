#!/usr/bin/env bash
# What the runner's class data archive (docs/LOCAL-RUNNER.md, Class data sharing) saves an instance of the provider's
# function: the runtime interface client started as LocalLambda starts it (the java21 flags, the runtime's jars, the
# handler jar unpacked as the task root), up to its first request for an event, which fails at once (nothing listens
# on the Runtime API's port), so that a run is the runtime's start and the handler's init. First one recording run
# and the archive's dump, as the runner does them; then N runs without and N with the archive, in turn. Prints each
# pair's wall and CPU (user + sys) seconds and the medians.
#
#   bench/cds-start.sh        # 7 pairs
#   bench/cds-start.sh 15
#
# Needs `mvn -B -q package -DskipTests` first (the handler jar, and the runtime's jars in local/runner/target).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
runtime_resources=local/runner/target/classes/io/github/proxysessions/local/lambda/runtime
handler_jar=lambda/target/proxy-session-handler.jar
[[ -f $handler_jar && -f $runtime_resources/classpath.txt ]] || {
  echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/task" "$work/runtime/lib" "$work/runtime/jni"
unzip -q "$handler_jar" -d "$work/task"
classpath=()
for entry in $(tr ',' ' ' < "$runtime_resources/classpath.txt"); do
  jar="$work/runtime/lib/$(basename "$entry")"
  cp "$runtime_resources/$(basename "$entry")" "$jar"
  classpath+=("$jar")
done
classpath=$(IFS=:; echo "${classpath[*]}")
ric=$(ls "$work"/runtime/lib/aws-lambda-java-runtime-interface-client-*.jar)
unzip -q -j "$ric" 'jni/libaws-lambda-jni.linux-x86_64.so' -d "$work/runtime/jni"
handler=io.github.proxysessions.handler.ProxySessionHandler::handleRequest

# One instance's start; extra JVM flags go where LocalLambda puts the archive's, after -Xshare:auto.
instance() {
  (cd "$work/task" && env -i PATH="$PATH" LANG=en_US.UTF-8 TZ=:UTC LAMBDA_TASK_ROOT="$work/task" \
    LAMBDA_RUNTIME_DIR="$work/runtime" _HANDLER="$handler" AWS_EXECUTION_ENV=AWS_Lambda_java21 \
    AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 AWS_LAMBDA_FUNCTION_NAME=ProxySessionProvider \
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024 AWS_LAMBDA_FUNCTION_VERSION='$LATEST' AWS_LAMBDA_LOG_FORMAT=JSON \
    AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
    java -XX:MaxHeapSize=891290k -XX:+UseSerialGC -Xshare:auto "$@" -XX:+TieredCompilation \
    -XX:TieredStopAtLevel=1 --add-opens=java.base/java.io=ALL-UNNAMED \
    -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac -XX:+ErrorFileToStderr \
    -Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="$work/runtime/jni/libaws-lambda-jni.linux-x86_64.so" \
    -Dfile.encoding=UTF-8 -classpath "$classpath" com.amazonaws.services.lambda.runtime.api.client.AWSLambda \
    "$handler" >/dev/null 2>&1) || true
}

instance -XX:DumpLoadedClassList="$work/classes.list"
java -Xshare:dump -XX:SharedClassListFile="$work/classes.list" -XX:SharedArchiveFile="$work/function.jsa" \
  -XX:+UseSerialGC -classpath "$classpath" >/dev/null 2>&1
echo "archive: $(wc -l < "$work/classes.list") classes listed, $(du -h "$work/function.jsa" | cut -f1)"
echo "load before: $(uptime | sed 's/.*load average: //')"

TIMEFORMAT='%R %U %S'
: > "$work/times"
for i in $(seq 1 "$runs"); do
  without=$( { time instance; } 2>&1 )
  with=$( { time instance -XX:SharedArchiveFile="$work/function.jsa" -Xlog:cds*=off -Xlog:class+path=off; } 2>&1 )
  echo "$without $with" | tee -a "$work/times" | awk '{ printf "without: %.2f s wall, %.2f s CPU   with: %.2f s wall, %.2f s CPU\n", $1, $2 + $3, $4, $5 + $6 }'
done
echo "load after: $(uptime | sed 's/.*load average: //')"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf 'median without the archive: %.2f s wall, %.2f s CPU\n' \
  "$(awk '{ print $1 }' "$work/times" | median)" "$(awk '{ print $2 + $3 }' "$work/times" | median)"
printf 'median with the archive:    %.2f s wall, %.2f s CPU\n' \
  "$(awk '{ print $4 }' "$work/times" | median)" "$(awk '{ print $5 + $6 }' "$work/times" | median)"

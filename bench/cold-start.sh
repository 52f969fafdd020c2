#!/usr/bin/env bash
# Cold starts of the provider's Java handler, unprimed and primed at init (what SnapStart's priming leaves for the
# first invocation; primed once more with a plain HTTP ResponseURL, to show the TLS handshake's share), beside the
# Node.js handler of aws-cdk-lib's AwsCustomResource making one SDK call, each in a fresh Lambda-like instance per run
# against the embedded emulator; then the Java handler's peak memory over a configuration and SESSIONS sessions in
# one instance. Prints every run, the medians and the machine's load. Figures: docs/BENCHMARKS.md.
#
#   bench/cold-start.sh              # RUNS=7 runs per variant, SESSIONS=20
#   bench/cold-start.sh 21 20        # bench/cold-start.sh RUNS SESSIONS
#
# Needs node and npm, and root (the AwsCustomResource handler PUTs its response to port 443 of the ResponseURL's
# host, whatever the URL says). The first run installs, under local/runner/target/cold-start/node-runtime, the Lambda
# Node.js runtime interface client (aws-lambda-ric, whose native part is compiled here: a few minutes, and autoconf,
# automake and libtool from Debian's packages) and the SDK for JavaScript v3 client that Lambda's Node.js runtime
# includes. The AwsCustomResource handler comes out of the aws-cdk-lib jar the build resolves (it holds the npm
# package).
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

RUNS=${1:-7}
SESSIONS=${2:-20}
# aws-lambda-ric 4 needs Node.js 22; 3.3.0 is the runtime loop for the Node.js 20 on this machine.
RIC_VERSION=3.3.0
SDK_VERSION=3.1142.0
WORK=local/runner/target/cold-start
NODE_RUNTIME=$WORK/node-runtime

# The handler jar is what is measured: build it, and the runner and its tests, from this tree. In the reactor, so
# that this repository's modules resolve to their build output (the runner is built last and writes the class path
# file last).
mvn -B -q -pl local/runner -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/local/runner/target/bench-classpath.txt"
CLASSPATH_FILE=local/runner/target/bench-classpath.txt

if [ ! -f "$NODE_RUNTIME/node_modules/aws-lambda-ric/dist/rapid-client.node" ] \
    || [ ! -f "$NODE_RUNTIME/node_modules/@aws-sdk/client-chime-sdk-voice/package.json" ]; then
  if ! command -v autoreconf >/dev/null || ! command -v automake >/dev/null || ! command -v libtoolize >/dev/null; then
    apt-get install -y -q autoconf automake libtool >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q autoconf automake libtool >/dev/null; }
  fi
  # node-gyp compiles the client's native part against the installed Node.js headers (it cannot download them).
  node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ ! -f "$node_prefix/include/node/node.h" ]; then
    echo "Node.js headers not found under $node_prefix/include/node: aws-lambda-ric cannot be compiled" >&2
    exit 1
  fi
  echo "installing aws-lambda-ric $RIC_VERSION (compiling its native client) and" \
    "@aws-sdk/client-chime-sdk-voice $SDK_VERSION into $NODE_RUNTIME ..."
  mkdir -p "$NODE_RUNTIME"
  npm install --prefix "$NODE_RUNTIME" --no-audit --no-fund --loglevel=error --nodedir="$node_prefix" \
    "aws-lambda-ric@$RIC_VERSION" "@aws-sdk/client-chime-sdk-voice@$SDK_VERSION" >"$WORK/npm-install.log" 2>&1 \
    || { tail -40 "$WORK/npm-install.log" >&2; exit 1; }
fi

# AwsCustomResource's handler, from the npm package inside the aws-cdk-lib jar on the class path, alone in its
# directory as in its asset (Lambda's /var/task).
CDK_JAR=$(tr ':' '\n' <"$CLASSPATH_FILE" | grep '/aws-cdk-lib-[0-9.]*\.jar$' | head -1)
CDK_VERSION=$(basename "$CDK_JAR" .jar | sed 's/^aws-cdk-lib-//')
HANDLER_DIR=$WORK/aws-cdk-lib-$CDK_VERSION/aws-custom-resource-handler
if [ ! -f "$HANDLER_DIR/index.js" ]; then
  extracted=$(mktemp -d)
  unzip -p "$CDK_JAR" "software/amazon/awscdk/aws-cdk-lib@$CDK_VERSION.jsii.tgz" \
    | tar xz -C "$extracted" package/package.json \
      package/custom-resource-handlers/dist/custom-resources/aws-custom-resource-handler/index.js
  package_version=$(node -p "require('$extracted/package/package.json').version")
  if [ "$package_version" != "$CDK_VERSION" ]; then
    echo "the aws-cdk-lib jar $CDK_JAR holds the npm package $package_version" >&2
    exit 1
  fi
  mkdir -p "$HANDLER_DIR"
  mv "$extracted/package/custom-resource-handlers/dist/custom-resources/aws-custom-resource-handler/index.js" \
    "$HANDLER_DIR/"
  rm -rf "$extracted"
fi

java -Dproxysessions.local.cacheDir=local/runner/target/lambda-runtime-cache -Dslf4j.provider=org.slf4j.nop.NOPServiceProvider \
  -Dproxysessions.handlerJar=lambda/target/proxy-session-handler.jar \
  -Dbench.work="$WORK" -Dbench.nodeRuntime="$NODE_RUNTIME" -Dbench.nodeHandler="$HANDLER_DIR" \
  -Dbench.cdkVersion="$CDK_VERSION" \
  -cp "local/runner/target/test-classes:local/runner/target/classes:$(cat "$CLASSPATH_FILE")" \
  io.github.proxysessions.local.lambda.ColdStartBenchmark "$RUNS" "$SESSIONS"

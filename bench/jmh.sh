#!/usr/bin/env bash
# Builds the JMH benchmarks jar and runs it with settings sized for a small (2-core) machine.
# Extra arguments go to JMH, e.g. `bench/jmh.sh -p steps=1000` or `bench/jmh.sh -h`.
# Results: printed, and bench/target/jmh-result.json.
#
# Usage: bench/jmh.sh [JMH options]   (JAVA_HOME defaults to /usr/lib/jvm/temurin-25-jdk-amd64)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$repo"

if [ ! -x "$java_home/bin/java" ]; then
  echo "jmh.sh: no java in $java_home (set JAVA_HOME to a JDK 25)" >&2
  exit 2
fi
export JAVA_HOME=$java_home

./mvnw -q package -pl bench -am -DskipTests

# One fork, 3 warm-up and 5 measured iterations of 1 s each, one thread.
"$java_home/bin/java" -jar bench/target/benchmarks.jar \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -t 1 \
  -rf json -rff bench/target/jmh-result.json \
  "$@"

#!/usr/bin/env bash
# Builds the JMH benchmarks jar and runs it with settings sized for a small (2-core) machine: one
# fork, 3 warm-up and 5 measured iterations of 1 s each, one thread. Arguments, when given, replace
# those settings and go to JMH as they are, e.g. `bench/jmh.sh -f 3 -p steps=10000` or `bench/jmh.sh -h`.
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

if [ $# -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s -t 1
fi
# JMH 1.37 calls sun.misc.Unsafe::objectFieldOffset, which JDK 25 warns about; the forks get the same
# flag from @Fork on each benchmark.
"$java_home/bin/java" --sun-misc-unsafe-memory-access=allow -jar bench/target/benchmarks.jar \
  -rf json -rff bench/target/jmh-result.json "$@"

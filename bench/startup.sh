#!/usr/bin/env bash
# Measures whole-process start-up: `eksnode plugins` against a JVM that only prints "hello", both on
# the same JDK 25 with the launcher's JIT and GC flags, in one hyperfine run. Prints the two medians
# and their ratio. Results: bench/target/startup.json (and .csv).
#
# Usage: bench/startup.sh            (JAVA_HOME defaults to /usr/lib/jvm/temurin-25-jdk-amd64)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
launcher=$repo/distribution/target/eksnode/bin/eksnode
out=$repo/bench/target
cd "$repo"

if [ ! -x "$java_home/bin/java" ]; then
  echo "startup.sh: no java in $java_home (set JAVA_HOME to a JDK 25)" >&2
  exit 2
fi
export JAVA_HOME=$java_home

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v hyperfine >/dev/null; then
  if ! as_root apt-get install -y hyperfine; then
    as_root apt-get update
    as_root apt-get install -y hyperfine
  fi
fi

# Build when the launcher is missing or a module's sources or POM changed since this script last built
# it. The stamp, not the launcher, marks the build: Maven leaves unchanged files in place.
stamp=$out/distribution.stamp
mkdir -p "$out"
if [ ! -x "$launcher" ] || [ ! -e "$stamp" ] \
  || [ -n "$(find pom.xml spi kernel plugins distribution -name target -prune -o -newer "$stamp" -type f -print -quit)" ]; then
  ./mvnw -q package -pl distribution -am -DskipTests
  touch "$stamp"
fi

hello_dir=$(mktemp -d)
trap 'rm -rf "$hello_dir"' EXIT
cat >"$hello_dir/Hello.java" <<'JAVA'
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
JAVA
"$java_home/bin/javac" -d "$hello_dir" "$hello_dir/Hello.java"

java_cmd=$(printf '%q' "$java_home/bin/java")
hello_cp=$(printf '%q' "$hello_dir")
eksnode_cmd=$(printf '%q' "$launcher")
hyperfine --warmup 3 --runs 20 \
  --export-json "$out/startup.json" --export-csv "$out/startup.csv" \
  --command-name hello "$java_cmd -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp $hello_cp Hello" \
  --command-name 'eksnode plugins' "$eksnode_cmd plugins"

# startup.csv: command,mean,stddev,median,user,system,min,max (seconds).
awk -F, '
  $1 == "hello" { hello = $4 }
  $1 == "eksnode plugins" { eksnode = $4 }
  END {
    if (hello == "" || eksnode == "") { print "startup.sh: medians missing from startup.csv" > "/dev/stderr"; exit 1 }
    printf "median hello:           %7.1f ms\n", hello * 1000
    printf "median eksnode plugins: %7.1f ms\n", eksnode * 1000
    printf "ratio eksnode/hello:    %7.2f\n", eksnode / hello
  }' "$out/startup.csv"

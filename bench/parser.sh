#!/usr/bin/env bash
# The command-line parser decision (docs/performance.md, section 5): JVM start plus parsing eksnode's
# command model with a small declarative parser (bench/parser/OwnParser.java, the shape of the CLI's
# own) against picocli's programmatic API (bench/parser/PicocliParser.java), each without a cache and
# with a JDK 25 AOT cache trained on one run, in one hyperfine run. Prints each median, minimum and
# mean CPU time (user + system). Results: bench/target/parser/parser.json.
#
# Usage: bench/parser.sh   (JAVA_HOME defaults to /usr/lib/jvm/temurin-25-jdk-amd64; RUNS=N, default 30)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=$repo/bench/target/parser
runs=${RUNS:-30}
picocli_version=4.7.7
cd "$repo"
export JAVA_HOME=$java_home

if ! command -v hyperfine >/dev/null || ! command -v jq >/dev/null; then
  apt-get install -y hyperfine jq || { apt-get update && apt-get install -y hyperfine jq; }
fi

rm -rf "$out"
mkdir -p "$out/own" "$out/picocli"
./mvnw -q -N dependency:copy -Dartifact=info.picocli:picocli:$picocli_version -DoutputDirectory="$out"
picocli=$out/picocli-$picocli_version.jar
"$java_home/bin/javac" --release 25 -d "$out/own" bench/parser/OwnParser.java
"$java_home/bin/javac" --release 25 -cp "$picocli" -d "$out/picocli" bench/parser/PicocliParser.java
# An AOT cache wants jars, not directories, on the class path.
"$java_home/bin/jar" --create --file "$out/own.jar" -C "$out/own" .
"$java_home/bin/jar" --create --file "$out/picocli-bench.jar" -C "$out/picocli" .

java="$java_home/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
line="bootstrap --root /tmp/node --config a.toml --config-source imds://user-data"
own="$java -cp $out/own.jar OwnParser $line"
pico="$java -cp $out/picocli-bench.jar:$picocli PicocliParser $line"
$java -XX:AOTCacheOutput="$out/own.aot" -cp "$out/own.jar" OwnParser $line >/dev/null 2>&1
$java -XX:AOTCacheOutput="$out/picocli.aot" -cp "$out/picocli-bench.jar:$picocli" PicocliParser $line >/dev/null 2>&1

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/parser.json" \
  --command-name 'own parser' "$own" \
  --command-name 'picocli' "$pico" \
  --command-name 'own parser, AOT cache' "${own/-cp/-XX:AOTCache=$out/own.aot -cp}" \
  --command-name 'picocli, AOT cache' "${pico/-cp/-XX:AOTCache=$out/picocli.aot -cp}" >/dev/null
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
jq -r '.results[] | "\(.command)\tmedian \(.median * 1000 | floor) ms\tmin \(.min * 1000 | floor) ms\tCPU \((.user + .system) * 1000 | floor) ms"' \
  "$out/parser.json" | column -t -s $'\t'

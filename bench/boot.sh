#!/usr/bin/env bash
# Boot-phase benchmarks of the packaged distribution (issue 10), all on its own jlinked runtime:
#   1. What a node runs: `eksnode bootstrap --root` over a fresh copy of the demo's snapshot root (the
#      m5.large example), once from its TOML image configuration and once from NodeConfig MIME user
#      data alone, with loopback metadata emulators in processes of their own, against a JVM
#      that only prints "hello", in one hyperfine run: median ratio with no cache, with an AppCDS
#      archive and with the AOT cache. Then the same for `eksnode demo` (emulator in process, the boot
#      phase run twice).
#      `eksnode version` with the AOT cache is timed beside them: the floor of any eksnode command (the
#      JVM, the module graph and the cache's classes), no work.
#   2. Peak RSS of each (median of 5, /usr/bin/time), the tarball and installed size.
#   3. Scaling: the demo with 1, 10 and 50 extra enabled plugins (synthetic, one no-op step each),
#      and with 50 plugin jars that are not enabled.
#   4. Concurrency: an extra step that sleeps 2 s (a stand-in for instance-store set-up, plugin id slow-storage) beside the core join: the
#      run's wall time against the 2 s, the core join alone, and the sum of its steps.
# Results: bench/target/boot/*.json (hyperfine), concurrency.txt and summary.txt.
# The emulator and the snapshot root come from bench/boot-fixture (run on the build JDK, not timed).
#
# Usage: bench/boot.sh [--quick]   (--quick: 5 runs instead of 20; JAVA_HOME defaults to Temurin 25)
#        EKSNODE_TARBALL=FILE bench/boot.sh   measures that tarball instead of building one
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=$repo/bench/target/boot
runs=20
warmup=3
if [ "${1:-}" = --quick ]; then
  runs=5
  warmup=1
fi
cd "$repo"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
for tool in hyperfine:hyperfine /usr/bin/time:time jq:jq; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    as_root apt-get install -y "${tool#*:}" || { as_root apt-get update && as_root apt-get install -y "${tool#*:}"; }
  fi
done
export JAVA_HOME=$java_home

# Build when the tarball is missing or a module's sources or POM changed since this script last built.
stamp=$repo/bench/target/distribution.stamp
mkdir -p "$out"
tarball=${EKSNODE_TARBALL:-$(find distribution/target -maxdepth 1 -name 'eksnode-*-linux-*.tar.gz' | head -n 1)}
if [ -n "${EKSNODE_TARBALL:-}" ]; then
  : # given: measure it as it is
elif [ -z "$tarball" ] || [ ! -e "$stamp" ] \
  || [ -n "$(find pom.xml spi kernel plugins tck distribution -name target -prune -o -newer "$stamp" -type f -print -quit)" ]; then
  ./mvnw -q package -pl distribution -am -DskipTests
  touch "$stamp"
  tarball=$(find distribution/target -maxdepth 1 -name 'eksnode-*-linux-*.tar.gz' | head -n 1)
fi

. "$repo/bench/fixture.sh"
home=$(install_tarball "$tarball" "$out")
eksnode=$home/bin/eksnode
java=$home/runtime/bin/java
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr)

hello=$out/hello
compile_hello "$hello"

# The node's side of the measurement: snapshot roots (copied fresh before every timed run) and the
# metadata emulators in processes of their own, stopped when the script exits: one serving no user data
# (the TOML node: image configuration), one serving the demo's NodeConfig MIME user data (a root with
# no eksnode configuration).
fixture=$out/fixture
trap 'kill $emulators 2>/dev/null || true' EXIT
fixture_start "$fixture" "$home"
node=$fixture/node
mime_node=$fixture/mime-node
printf '#!/bin/sh\nrm -rf "%s" "%s" && cp -a "%s" "%s" && cp -a "%s" "%s"\n' "$node" "$mime_node" \
  "$fixture/seed-toml" "$node" "$fixture/seed-mime" "$mime_node" >"$fixture/fresh-root"
chmod +x "$fixture/fresh-root"
imds="AWS_EC2_METADATA_SERVICE_ENDPOINT=$(cat "$fixture/endpoint-toml")"
mime_imds="AWS_EC2_METADATA_SERVICE_ENDPOINT=$(cat "$fixture/endpoint-mime")"
"$fixture/fresh-root"
env "$imds" "$eksnode" bootstrap --root "$node" | grep -q '^succeeded: 14 steps' \
  || { echo "boot.sh: bootstrap over the snapshot root did not succeed with 14 steps" >&2; exit 1; }
env "$mime_imds" "$eksnode" bootstrap --root "$mime_node" | grep -q '^succeeded: 14 steps' \
  || { echo "boot.sh: bootstrap from NodeConfig MIME user data did not succeed with 14 steps" >&2; exit 1; }

# The caches: AppCDS (a dynamic archive of one demo run) and the AOT cache (eksnode --train-aot).
appcds=$out/appcds.jsa
rm -f "$appcds"
EKSNODE_JAVA_OPTS="-XX:ArchiveClassesAtExit=$appcds" "$eksnode" demo >/dev/null 2>"$out/appcds.log"
"$eksnode" --train-aot >/dev/null
# Prove each variant uses what it is named after, with the JVM's own logging.
EKSNODE_JAVA_OPTS="-Xlog:aot=info" "$eksnode" version 2>&1 | grep -q "Opened AOT cache $home/cache/eksnode.aot" \
  || { echo "boot.sh: the AOT cache is not used" >&2; exit 1; }
EKSNODE_JAVA_OPTS="-XX:SharedArchiveFile=$appcds -Xlog:cds=info" "$eksnode" version 2>&1 | grep -q "Opened shared archive file $appcds" \
  || { echo "boot.sh: the AppCDS archive is not used" >&2; exit 1; }
EKSNODE_AOT=off EKSNODE_JAVA_OPTS="-Xlog:aot=info" "$eksnode" version 2>&1 | grep -q "Opened AOT cache" \
  && { echo "boot.sh: EKSNODE_AOT=off still uses the AOT cache" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== 1. boot phase (eksnode bootstrap over a snapshot root) against hello, load before: $load_before"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$out/bootstrap.json" --prepare "$fixture/fresh-root" \
  --command-name hello "$java ${flags[*]} -cp $hello Hello" \
  --command-name 'version, AOT cache' "$eksnode version" \
  --command-name 'bootstrap, no cache' "env $imds EKSNODE_AOT=off $eksnode bootstrap --root $node" \
  --command-name 'bootstrap, AppCDS' "env $imds EKSNODE_JAVA_OPTS=-XX:SharedArchiveFile=$appcds $eksnode bootstrap --root $node" \
  --command-name 'bootstrap, AOT cache' "env $imds $eksnode bootstrap --root $node" \
  --command-name 'MIME, no cache' "env $mime_imds EKSNODE_AOT=off $eksnode bootstrap --root $mime_node" \
  --command-name 'MIME, AOT cache' "env $mime_imds $eksnode bootstrap --root $mime_node"
load_after_bootstrap=$(cut -d' ' -f1-3 /proc/loadavg)
load_before_demo=$load_after_bootstrap
echo "== 1b. eksnode demo against hello, load before: $load_before_demo"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$out/ratio.json" \
  --command-name hello "$java ${flags[*]} -cp $hello Hello" \
  --command-name 'demo, no cache' "env EKSNODE_AOT=off $eksnode demo" \
  --command-name 'demo, AppCDS' "env EKSNODE_JAVA_OPTS=-XX:SharedArchiveFile=$appcds $eksnode demo" \
  --command-name 'demo, AOT cache' "$eksnode demo"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() {
  jq -r --arg name "$2" '.results[] | select(.command == $name) | .median * 1000' "$1"
}
minimum() {
  jq -r --arg name "$2" '.results[] | select(.command == $name) | .min * 1000' "$1"
}
# Mean CPU time (user + system) in ms: less disturbed than wall time by other processes on the machine.
cpu() {
  jq -r --arg name "$2" '.results[] | select(.command == $name) | (.user + .system) * 1000' "$1"
}

# Peak resident set of bootstrap with the AOT cache over a fresh root, KiB: the median of 5 runs.
# Arguments: the root and the metadata variable (default: the TOML node).
rss_bootstrap() {
  local samples=()
  for _ in 1 2 3 4 5; do
    "$fixture/fresh-root"
    samples+=("$( { /usr/bin/time -f %M env "${2:-$imds}" "$eksnode" bootstrap --root "${1:-$node}" >/dev/null; } 2>&1 | tail -n 1)")
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 3p
}

# Peak resident set of a command (VAR=value ... command args), KiB: the median of 5 runs.
rss() {
  local samples=()
  for _ in 1 2 3 4 5; do
    samples+=("$( { /usr/bin/time -f %M env "$@" >/dev/null; } 2>&1 | tail -n 1)")
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 3p
}

# The ratio table of one hyperfine run: name of the JSON, then the variants.
ratios() {
  local json=$1
  shift
  local hello_ms hello_min hello_cpu ms min cpu_ms
  hello_ms=$(median "$json" hello)
  hello_min=$(minimum "$json" hello)
  hello_cpu=$(cpu "$json" hello)
  printf '  %-22s median %7.1f ms                 min %7.1f ms                 CPU %7.1f ms\n' \
    hello "$hello_ms" "$hello_min" "$hello_cpu"
  for variant in "$@"; do
    ms=$(median "$json" "$variant")
    min=$(minimum "$json" "$variant")
    cpu_ms=$(cpu "$json" "$variant")
    printf '  %-22s median %7.1f ms  ratio %5.2f   min %7.1f ms  ratio %5.2f   CPU %7.1f ms  ratio %5.2f\n' \
      "$variant" "$ms" "$(echo "$ms / $hello_ms" | bc -l)" "$min" "$(echo "$min / $hello_min" | bc -l)" \
      "$cpu_ms" "$(echo "$cpu_ms / $hello_cpu" | bc -l)"
  done
}

{
  echo "boot phase on the bundled runtime ($("$java" -version 2>&1 | sed -n 2p)); $runs runs each"
  echo "eksnode bootstrap --root (fresh snapshot root, emulator in its own process):"
  echo "  load average (1, 5, 15 min) before: $load_before, after: $load_after_bootstrap"
  ratios "$out/bootstrap.json" 'version, AOT cache' 'bootstrap, no cache' 'bootstrap, AppCDS' 'bootstrap, AOT cache'
  echo "eksnode bootstrap --root from NodeConfig MIME user data (no eksnode configuration in the root), same run:"
  ratios "$out/bootstrap.json" 'MIME, no cache' 'MIME, AOT cache'
  echo "eksnode demo (emulator in process, boot phase twice):"
  echo "  load average (1, 5, 15 min) before: $load_before_demo, after: $load_after"
  ratios "$out/ratio.json" 'demo, no cache' 'demo, AppCDS' 'demo, AOT cache'
  echo "peak RSS (median of 5, KiB -> MiB):"
  printf '  %-18s %7.1f MiB\n' hello "$(echo "$(rss "$java" "${flags[@]}" -cp "$hello" Hello) / 1024" | bc -l)"
  printf '  %-18s %7.1f MiB\n' 'bootstrap, AOT' "$(echo "$(rss_bootstrap) / 1024" | bc -l)"
  printf '  %-18s %7.1f MiB\n' 'MIME, AOT' "$(echo "$(rss_bootstrap "$mime_node" "$mime_imds") / 1024" | bc -l)"
  printf '  %-18s %7.1f MiB\n' 'demo, no cache' "$(echo "$(rss EKSNODE_AOT=off "$eksnode" demo) / 1024" | bc -l)"
  printf '  %-18s %7.1f MiB\n' 'demo, AppCDS' "$(echo "$(rss EKSNODE_JAVA_OPTS=-XX:SharedArchiveFile="$appcds" "$eksnode" demo) / 1024" | bc -l)"
  printf '  %-18s %7.1f MiB\n' 'demo, AOT cache' "$(echo "$(rss "$eksnode" demo) / 1024" | bc -l)"
  echo "size:"
  printf '  tarball %s: %.1f MiB\n' "$(basename "$tarball")" "$(echo "$(stat -c %s "$tarball") / 1048576" | bc -l)"
  printf '  installed %s: %s (runtime %s, lib %s, AOT cache %s)\n' /opt/eksnode \
    "$(du -sh "$home" | cut -f1)" "$(du -sh "$home/runtime" | cut -f1)" "$(du -sh "$home/lib" | cut -f1)" \
    "$(du -sh "$home/cache/eksnode.aot" | cut -f1)"
} | tee "$out/summary.txt"

# The step lines and result line of the demo's first run (the join's demo reruns to show every step
# unchanged).
first_run() { # step lines and the result line of the demo's first run
  awk '!done && /^(applied|unchanged|skipped|failed|blocked) / { print } !done && /^(succeeded|failed): / { print; done = 1 }'
}

# 3. Synthetic plugins: compiled once, packed per id.
synthetic=$out/synthetic
rm -rf "$synthetic"
mkdir -p "$synthetic/classes"
"$java_home/bin/javac" --release 25 -proc:none -d "$synthetic/classes" -cp "$home/lib/$(cd "$home/lib" && ls eksnode-spi-*.jar)" \
  "$repo"/bench/synthetic-plugin/dev/eksnode/bench/synthetic/SyntheticPlugin.java
# The manifest names the plugin id and its default (Plugin-Id, Eksnode-Enabled-By-Default), so a boot
# leaves the jars whose plugin is not enabled unloaded.
plugin_jar() { # directory id sleepMillis [enabled]
  local work=$synthetic/work-$2
  mkdir -p "$work/META-INF/services" "$1"
  cp -r "$synthetic/classes/." "$work/"
  printf 'id=%s\nsleepMillis=%s\nenabled=%s\n' "$2" "$3" "${4:-true}" >"$work/synthetic.properties"
  echo dev.eksnode.bench.synthetic.SyntheticPlugin >"$work/META-INF/services/dev.eksnode.spi.Plugin"
  printf 'Plugin-Id: %s\nPlugin-Version: 1.0.0\nEksnode-Enabled-By-Default: %s\n' "$2" "${4:-true}" >"$synthetic/manifest-$2"
  "$java_home/bin/jar" --create --file "$1/$2.jar" --manifest "$synthetic/manifest-$2" -C "$work" .
  rm -rf "$work"
}
for n in 1 10 50; do
  for i in $(seq 1 "$n"); do
    plugin_jar "$synthetic/plugins-$n" "synthetic-$i" 0
  done
done
for i in $(seq 1 50); do
  plugin_jar "$synthetic/plugins-50-disabled" "synthetic-$i" 0 false
done
"$eksnode" demo --plugins-dir "$synthetic/plugins-50" | first_run | grep -cE '^(applied|unchanged) +synthetic-[0-9]+/work ' | grep -qx 50 \
  || { echo "boot.sh: the 50 synthetic plugins did not all run" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== 3. scaling with enabled plugins (AOT cache on), load before: $load_before"
hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$out/scaling.json" \
  --command-name 'core only' "$eksnode demo" \
  --command-name '+1 plugin' "$eksnode demo --plugins-dir $synthetic/plugins-1" \
  --command-name '+10 plugins' "$eksnode demo --plugins-dir $synthetic/plugins-10" \
  --command-name '+50 plugins' "$eksnode demo --plugins-dir $synthetic/plugins-50" \
  --command-name '+50 disabled' "$eksnode demo --plugins-dir $synthetic/plugins-50-disabled"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "scaling (eksnode demo, AOT cache on):"
  echo "  load average before: $load_before, after: $load_after"
  for variant in 'core only' '+1 plugin' '+10 plugins' '+50 plugins' '+50 disabled'; do
    printf '  %-12s median %7.1f ms   CPU %7.1f ms\n' "$variant" "$(median "$out/scaling.json" "$variant")" \
      "$(cpu "$out/scaling.json" "$variant")"
  done
  one=$(median "$out/scaling.json" '+1 plugin')
  fifty=$(median "$out/scaling.json" '+50 plugins')
  printf '  cost per extra plugin: %.2f ms ((+50 - +1) / 49)\n' "$(echo "($fifty - $one) / 49" | bc -l)"
  printf '  CPU per extra plugin: %.2f ms\n' \
    "$(echo "($(cpu "$out/scaling.json" '+50 plugins') - $(cpu "$out/scaling.json" '+1 plugin')) / 49" | bc -l)"
  printf '  cost per disabled plugin jar: %.2f ms, CPU %.2f ms ((+50 disabled - core only) / 50)\n' \
    "$(echo "($(median "$out/scaling.json" '+50 disabled') - $(median "$out/scaling.json" 'core only')) / 50" | bc -l)" \
    "$(echo "($(cpu "$out/scaling.json" '+50 disabled') - $(cpu "$out/scaling.json" 'core only')) / 50" | bc -l)"
} | tee -a "$out/summary.txt"

# 4. Concurrency: a stand-in for instance-store set-up (plugin slow-storage) sleeps 2 s and depends on nothing. Read from the step
# lines of the demo's first run: the run's wall time, the sum of its step durations, and the wall time
# of the same run without the extra step.
plugin_jar "$synthetic/plugins-storage" slow-storage 2000
"$eksnode" demo --plugins-dir "$synthetic/plugins-storage" | first_run >"$out/concurrency.txt"
"$eksnode" demo | first_run >"$out/core-only.txt"
wall_of() { sed -n 's/^[a-z]*: [0-9]* steps in \([0-9]*\) ms.*/\1/p' "$1"; }
sum_of() { awk '$1 ~ /^(applied|unchanged|skipped|failed|blocked)$/ { sum += $3 } END { print sum }' "$1"; }
{
  echo "concurrency (a 2 s slow-storage step beside the core join), load $(cut -d' ' -f1-3 /proc/loadavg):"
  echo "  run wall time with the 2 s step      $(wall_of "$out/concurrency.txt") ms"
  echo "  slow-storage/work                    $(awk '$2 == "slow-storage/work" { print $3 }' "$out/concurrency.txt") ms"
  echo "  run wall time without it (core only) $(wall_of "$out/core-only.txt") ms"
  echo "  sum of all step durations            $(sum_of "$out/concurrency.txt") ms (what running them one by one would take)"
} | tee -a "$out/summary.txt"

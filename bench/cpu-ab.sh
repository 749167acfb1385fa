#!/usr/bin/env bash
# A/B of installed eksnode trees by CPU time (user + system) and peak RSS, runs interleaved so that
# both see the same machine: `eksnode bootstrap --root` over fresh roots for TOML image configuration
# and for NodeConfig MIME user data, and `eksnode version`. CPU time is disturbed by other processes
# much less than wall time, but not at all is too strong: compare only figures from one run.
# Needs the fixture of bench/breakdown.sh (run it once first, on either tree).
#
# Usage: bench/cpu-ab.sh RUNS HOME_A HOME_B...   (each HOME an installed, trained tree: HOME/bin/eksnode)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
fixture=$repo/bench/target/breakdown/fixture
[ -d "$fixture/seed-toml" ] || { echo "cpu-ab.sh: run bench/breakdown.sh first (it makes $fixture)" >&2; exit 1; }
runs=$1
shift
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
. "$repo/bench/fixture.sh"
trap 'kill $emulators 2>/dev/null || true' EXIT
fixture_serve "$fixture" "$1" toml
fixture_serve "$fixture" "$1" mime "$nodeconfig_user_data"
fixture_wait "$fixture" toml mime

samples=$repo/bench/target/breakdown/cpu-ab.txt
: >"$samples"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$runs"); do
  for home in "$@"; do
    for name in version toml mime; do
      if [ "$name" = version ]; then
        line=$( { /usr/bin/time -f '%U %S %M' "$home/bin/eksnode" version >/dev/null; } 2>&1 | tail -n 1)
      else
        rm -rf "$fixture/node" && cp -a "$fixture/seed-$name" "$fixture/node"
        line=$( { /usr/bin/time -f '%U %S %M' env AWS_EC2_METADATA_SERVICE_ENDPOINT="$(cat "$fixture/endpoint-$name")" \
          "$home/bin/eksnode" bootstrap --root "$fixture/node" >/dev/null; } 2>&1 | tail -n 1)
      fi
      echo "$home $name $line" >>"$samples"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }
for home in "$@"; do
  for name in version toml mime; do
    mine() { awk -v h="$home" -v n="$name" '$1 == h && $2 == n' "$samples"; }
    printf '%-50s %-8s median CPU %6.0f ms (min %6.0f), median peak RSS %6.1f MiB, %d runs\n' "$home" "$name" \
      "$(mine | awk '{ print ($3 + $4) * 1000 }' | median)" "$(mine | awk '{ print ($3 + $4) * 1000 }' | sort -n | head -n 1)" \
      "$(mine | awk '{ print $5 / 1024 }' | median)" "$(mine | wc -l)"
  done
done
echo "samples: $samples"

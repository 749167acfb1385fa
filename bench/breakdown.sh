#!/usr/bin/env bash
# Where a boot's time goes, with measurements that do not depend on the machine's load: what
# `eksnode bootstrap --root` does on the packaged distribution, for TOML image configuration and for
# NodeConfig MIME user data, beside `eksnode version` (the floor) and a JVM that prints "hello".
#   - classes: how many a run loads, how many come from the AOT cache, and where the others come from
#     (-Xlog:class+load)
#   - syscalls: counts by call, and the process starts, fsyncs, renames and connections among them
#     (strace -c -f, strace -f -e trace=...)
#   - JVM start-up phases (-Xlog:startuptime) and CPU time (user + system, /usr/bin/time): these two are
#     times, so they are printed with the load average and are only comparable on a quiet machine.
# Results: bench/target/breakdown/summary.txt, the raw logs beside it.
#
# Usage: bench/breakdown.sh                  installs the tarball (as bench/boot.sh does) and trains its cache
#        EKSNODE_HOME=DIR bench/breakdown.sh  measures an installed, trained tree (DIR/bin/eksnode)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=$repo/bench/target/breakdown
cd "$repo"
mkdir -p "$out"
. "$repo/bench/fixture.sh"
for tool in strace:strace /usr/bin/time:time; do
  command -v "${tool%%:*}" >/dev/null || { echo "breakdown.sh: ${tool%%:*} is missing (apt-get install ${tool#*:})" >&2; exit 1; }
done

if [ -n "${EKSNODE_HOME:-}" ]; then
  home=$EKSNODE_HOME
else
  tarball=$(find distribution/target -maxdepth 1 -name 'eksnode-*-linux-*.tar.gz' | head -n 1)
  if [ -z "$tarball" ]; then
    JAVA_HOME=$java_home ./mvnw -q package -pl distribution -am -DskipTests
    tarball=$(find distribution/target -maxdepth 1 -name 'eksnode-*-linux-*.tar.gz' | head -n 1)
  fi
  home=$(install_tarball "$tarball" "$out" --train-aot)
fi
eksnode=$home/bin/eksnode
java=$home/runtime/bin/java
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr)

hello=$out/hello
compile_hello "$hello"

# The node's side, as in bench/boot.sh: snapshot roots and emulators in processes of their own, one
# serving no user data (the TOML node) and one serving the demo's NodeConfig MIME user data.
fixture=$out/fixture
trap 'kill $emulators 2>/dev/null || true' EXIT
fixture_start "$fixture" "$home"

# run NAME LOG-OPTIONS: one run of NAME (hello, version, toml, mime) over a fresh root; stdout to NAME.out
run() {
  local name=$1 opts=$2
  case $name in
    hello) "$java" "${flags[@]}" $opts -cp "$hello" Hello >"$out/$name.out" ;;
    version) EKSNODE_JAVA_OPTS="$opts" "$eksnode" version >"$out/$name.out" ;;
    *)
      rm -rf "$fixture/node" && cp -a "$fixture/seed-$name" "$fixture/node"
      env AWS_EC2_METADATA_SERVICE_ENDPOINT="$(cat "$fixture/endpoint-$name")" EKSNODE_JAVA_OPTS="$opts" \
        "$eksnode" bootstrap --root "$fixture/node" >"$out/$name.out" ;;
  esac
}
# traced NAME STRACE-ARGS: the same under strace (the launcher execs the JVM, so -f covers everything)
traced() {
  local name=$1
  shift
  case $name in
    hello) strace "$@" "$java" "${flags[@]}" -cp "$hello" Hello >/dev/null ;;
    version) strace "$@" "$eksnode" version >/dev/null ;;
    *)
      rm -rf "$fixture/node" && cp -a "$fixture/seed-$name" "$fixture/node"
      env AWS_EC2_METADATA_SERVICE_ENDPOINT="$(cat "$fixture/endpoint-$name")" strace "$@" "$eksnode" bootstrap --root "$fixture/node" >/dev/null ;;
  esac
}

# Class-load sources, grouped: the AOT cache (or the JDK's CDS archive for hello), jrt:/MODULE, a jar
# of lib/ (version cut), or hidden classes (lambdas, method handles).
sources() {
  sed -n 's/.* source: //p' "$1" | sed -e 's/^shared objects file.*/(AOT cache or CDS archive)/' \
    -e 's#^jrt:/\(.*\)#jrt:/\1#' -e 's#^file:.*/lib/\(.*\)-[0-9][0-9.]*\(-SNAPSHOT\)\{0,1\}\.jar#\1#' \
    -e 's/^__\(JVM_LookupDefineClass\|Lookup_defineClass\)__/(hidden: lambda or method handle)/' \
    -e 's/^instance of .*/(hidden: lambda or method handle)/' \
    -e 's/^[a-z][A-Za-z0-9_$]*\.[A-Za-z0-9_.$]*$/(hidden: lambda or method handle)/' | sort | uniq -c | sort -rn
}

for name in hello version toml mime; do
  run "$name" "-Xlog:class+load=info:file=$out/$name.classes"
  run "$name" "-Xlog:startuptime:file=$out/$name.startuptime"
  traced "$name" -f -c -o "$out/$name.strace-c"
  traced "$name" -f -e trace=execve,fsync,fdatasync,rename,renameat,renameat2,connect -o "$out/$name.strace"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  case $name in
    hello) cpu=$( { /usr/bin/time -f '%U %S %M' "$java" "${flags[@]}" -cp "$hello" Hello >/dev/null; } 2>&1 | tail -n 1) ;;
    version) cpu=$( { /usr/bin/time -f '%U %S %M' "$eksnode" version >/dev/null; } 2>&1 | tail -n 1) ;;
    *)
      rm -rf "$fixture/node" && cp -a "$fixture/seed-$name" "$fixture/node"
      cpu=$( { /usr/bin/time -f '%U %S %M' env AWS_EC2_METADATA_SERVICE_ENDPOINT="$(cat "$fixture/endpoint-$name")" \
        "$eksnode" bootstrap --root "$fixture/node" >/dev/null; } 2>&1 | tail -n 1) ;;
  esac
  echo "$cpu $load" >"$out/$name.cpu"
done
grep -q '^succeeded: ' "$out/toml.out" && grep -q '^succeeded: ' "$out/mime.out" \
  || { echo "breakdown.sh: a bootstrap did not succeed:" >&2; cat "$out/toml.out" "$out/mime.out" >&2; exit 1; }

{
  echo "boot breakdown of $home ($("$java" -version 2>&1 | sed -n 2p))"
  echo "toml: $(grep '^succeeded: ' "$out/toml.out")"
  echo "mime: $(grep '^succeeded: ' "$out/mime.out")"
  echo
  echo "classes loaded (total / from the AOT cache or CDS archive / outside it):"
  for name in hello version toml mime; do
    total=$(grep -c ' source: ' "$out/$name.classes")
    cached=$(grep -c ' source: shared objects file' "$out/$name.classes" || true)
    printf '  %-8s %5d / %5d / %5d\n' "$name" "$total" "$cached" "$((total - cached))"
  done
  for name in toml mime; do
    echo "  $name, by source:"
    sources "$out/$name.classes" | sed 's/^/    /'
  done
  echo
  echo "syscalls (strace -c -f: total calls, then the process starts, fsyncs, renames, connects):"
  for name in hello version toml mime; do
    total=$(awk '$NF == "total" { print $(NF-2) }' "$out/$name.strace-c")
    count() { grep -cE "^[0-9]+ +($1)\(" "$out/$name.strace" || true; }
    printf '  %-8s %6s calls; execve %s, fsync/fdatasync %s, rename %s, connect %s\n' "$name" "$total" \
      "$(count execve)" "$(count 'fsync|fdatasync')" "$(count 'rename|renameat|renameat2')" "$(count connect)"
  done
  for name in toml mime; do
    echo "  $name, the 12 most frequent calls:"
    awk 'NR > 2 && $NF != "total" && $1 !~ /^-/ { calls = ($4 ~ /^[0-9]+$/) ? $4 : $3; print calls, $NF }' "$out/$name.strace-c" \
      | sort -rn | head -n 12 | awk '{ printf "    %7d %s\n", $1, $2 }'
    echo "  $name, processes started:"
    grep -E '^[0-9]+ +execve\(' "$out/$name.strace" | sed 's/^[0-9]* *execve("\([^"]*\)", \[\([^]]*\)\].*/\1 [\2]/' | cut -c1-110 | sed 's/^/    /'
  done
  echo
  echo "times (depend on load; the load average (1, 5, 15 min) is measured just before each):"
  for name in hello version toml mime; do
    read -r user sys rss l1 l5 l15 <"$out/$name.cpu"
    module=$(sed -n 's/.*Initialize module system, \([0-9.]*\) secs/\1/p' "$out/$name.startuptime" | head -n 1)
    create=$(sed -n 's/.*Create VM, \([0-9.]*\) secs/\1/p' "$out/$name.startuptime" | head -n 1)
    printf '  %-8s CPU %6.0f ms (user %s s, sys %s s), peak RSS %6.1f MiB; Create VM %6.1f ms, of it module system %6.1f ms; load %s %s %s\n' \
      "$name" "$(echo "($user + $sys) * 1000" | bc -l)" "$user" "$sys" "$(echo "$rss / 1024" | bc -l)" \
      "$(echo "${create:-0} * 1000" | bc -l)" "$(echo "${module:-0} * 1000" | bc -l)" "$l1" "$l5" "$l15"
  done
} | tee "$out/summary.txt"

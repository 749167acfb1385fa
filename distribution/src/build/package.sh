#!/usr/bin/env bash
# Completes the distribution tree and packs it: builds the trimmed Java runtime with jlink (only the
# JDK modules the jars in lib/ use, found with jdeps, plus the modules they load reflectively), then
# writes OUT_DIR/eksnode-<version>-linux-<arch>.tar.gz, <arch> being the JDK's (x86_64, aarch64).
# Called by the distribution POM in `package`.
#
# Usage: package.sh JAVA_HOME HOME_DIR VERSION OUT_DIR
#   HOME_DIR  the distribution tree (bin, lib, plugins, systemd, install.sh); runtime/ is added to it
#   OUT_DIR   where the archive goes; its top directory is eksnode-<version>
set -euo pipefail

java_home=$1
home=$(cd "$2" && pwd)
version=$3
out_dir=$(cd "$4" && pwd)
arch=$(sed -n 's/^OS_ARCH="\(.*\)"$/\1/p' "$java_home/release")
tarball=$out_dir/eksnode-$version-linux-${arch:?no OS_ARCH in $java_home/release}.tar.gz

# Modules nothing in lib/ names in its bytecode but eksnode needs at run time:
#   jdk.zipfs       PF4J opens plugin jars as zip file systems
#   java.logging    jackson-databind `requires` it (jdeps sees no class reference)
#   jdk.httpserver  the loopback metadata emulator behind `eksnode demo`
extra_modules=jdk.zipfs,java.logging,jdk.httpserver

# jdeps lists, class by class, what the jars reference; --ignore-missing-deps because automatic
# modules (tomlj, antlr) name optional libraries that are not shipped. Two kinds of reference need no
# module at run time, and are left out:
# - references a library's module descriptor declares optional (`requires static`), for support it
#   skips when the module is absent: jackson-databind's java.desktop (java.beans), java.sql and
#   java.xml; snakeyaml's java.desktop (bean introspection, which jackson's YAML parser does not use)
#   and java.sql. Listed here as "module:jdk-module" pairs; databind's one plain requirement,
#   java.logging, is above.
# - the annotations java.beans.Transient and java.beans.ConstructorProperties (the EC2 SDK's builders
#   carry @Transient): the JVM ignores an annotation whose type is absent.
# java.desktop, which both would pull in, would be a sixth of the runtime.
optional="com.fasterxml.jackson.databind:java.desktop com.fasterxml.jackson.databind:java.sql
com.fasterxml.jackson.databind:java.xml org.yaml.snakeyaml:java.desktop org.yaml.snakeyaml:java.sql"
scanned=("$home"/lib/*.jar)
# The scan takes 5-15 s with the AWS SDK: redo it only when the jars or this script changed.
scan_cache=$home/.jdeps-modules
key="jars $(cat "${scanned[@]}" | cksum) script $(cksum <"$0")"
if [ -f "$scan_cache" ] && [ "$(head -n 1 "$scan_cache")" = "$key" ]; then
  modules=$(sed -n 2p "$scan_cache")
else
  references=$("$java_home/bin/jdeps" --multi-release 25 -verbose:class --ignore-missing-deps \
    --module-path "$home/lib" "${scanned[@]}" 2>/dev/null)
  # Header lines ("source -> module") name the jar or module the class lines below them come from.
  modules=$(awk -v optional="$optional" '
    BEGIN { n = split(optional, pairs, /[ \n]+/); for (i = 1; i <= n; i++) skip[pairs[i]] = 1 }
    /^[^ ]/ && $2 == "->" { source = $1; next }
    $2 == "->" && $4 ~ /^(java|jdk)\./ && !((source ":" $4) in skip) \
      && $3 != "java.beans.Transient" && $3 != "java.beans.ConstructorProperties" { print $4 }' \
    <<<"$references" | sort -u | paste -sd, -)
fi
if [ -z "$modules" ] || ! [[ $modules =~ ^[a-z.,]+$ ]]; then
  echo "package.sh: jdeps found no JDK module in $home/lib (got '$modules')" >&2
  exit 1
fi
printf '%s\n%s\n' "$key" "$modules" >"$scan_cache"
modules=$(tr ',' '\n' <<<"$modules,$extra_modules" | sort -u | paste -sd, -)

# The launcher names them with --add-modules: nothing on the module path `requires` java.xml, for one.
mkdir -p "$home/conf"
printf '%s\n' "$modules" >"$home/conf/jdk-modules"

# jlink takes 10-15 s: rebuild only when the module list or the JDK changed.
runtime=$home/runtime
want="$modules $(cksum <"$java_home/release")"
if [ ! -x "$runtime/bin/java" ] || [ "$(cat "$home/.runtime-modules" 2>/dev/null)" != "$want" ]; then
  rm -rf "$runtime"
  "$java_home/bin/jlink" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --generate-cds-archive --output "$runtime" >/dev/null
  printf '%s\n' "$want" >"$home/.runtime-modules"
  echo "package.sh: jlinked runtime with $modules"
fi

# The archive: fixed owner, order and times so that the same inputs give the same bytes.
top=eksnode-$version
staging=$out_dir/tar-staging
rm -rf "$staging"
mkdir -p "$staging"
ln -s "$home" "$staging/$top"
tar --create --gzip --file "$tarball" --directory "$staging" --dereference \
  --exclude "$top/.runtime-modules" --exclude "$top/.jdeps-modules" --exclude "$top/cache" \
  --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00:00Z' \
  "$top/"
rm -rf "$staging"

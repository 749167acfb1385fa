# shellcheck shell=bash
# Sourced by the .ci scripts: makes sure JAVA_HOME points at a JDK 25.
# Uses $JAVA_HOME when it already is a 25, else the first JDK 25 under /usr/lib/jvm.
jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(jdk_major "$JAVA_HOME")" != "25" ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(jdk_major "$candidate")" = "25" ]; then
      JAVA_HOME=$candidate
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "no JDK 25 found: install one (e.g. Temurin 25) or set JAVA_HOME" >&2
    exit 2
  fi
fi
export JAVA_HOME

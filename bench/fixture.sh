# Sourced by the boot benchmarks (boot.sh, breakdown.sh, cpu-ab.sh): the node's side of a boot, outside
# the timed process. bench/boot-fixture/BootFixture on the build JDK makes the demo's snapshot roots and
# runs loopback metadata emulators in processes of their own.
#   fixture_compile DIR HOME          compile BootFixture into DIR/classes against HOME/lib
#   fixture_seed DIR HOME             DIR/seed-toml (image configuration) and DIR/seed-mime (none)
#   fixture_serve DIR HOME NAME [UD]  an emulator writing its endpoint to DIR/endpoint-NAME, serving the
#                                     file UD as user data when given; its pid is added to $emulators
#   fixture_wait DIR NAME...          until every DIR/endpoint-NAME exists
#   fixture_start DIR HOME            all of the above for both nodes (toml, mime)
#   install_tarball, compile_hello    see below
# The caller sets java_home and repo, and kills $emulators on exit.
emulators=""
nodeconfig_user_data=$repo/distribution/src/main/resources/dev/eksnode/cli/demo/nodeconfig-user-data

# install_tarball TARBALL OUT [install.sh options]: a private installed copy in OUT/install (training
# never touches the build tree); prints the installed home.
install_tarball() {
  rm -rf "$2/install" "$2/unpacked"
  mkdir -p "$2/unpacked"
  tar -xzf "$1" -C "$2/unpacked"
  "$(find "$2/unpacked" -mindepth 2 -maxdepth 2 -name install.sh)" --root "$2/install" "${@:3}" >/dev/null
  echo "$2/install/opt/eksnode"
}
# compile_hello DIR: the baseline, a class that prints "hello", compiled into DIR.
compile_hello() {
  mkdir -p "$1"
  printf 'public class Hello {\n  public static void main(String[] args) {\n    System.out.println("hello");\n  }\n}\n' >"$1/Hello.java"
  "$java_home/bin/javac" --release 25 -d "$1" "$1/Hello.java"
}
fixture_java() {
  "$java_home/bin/java" -cp "$1/classes:$2/lib/*" dev.eksnode.bench.fixture.BootFixture "${@:3}"
}
fixture_compile() {
  mkdir -p "$1/classes"
  "$java_home/bin/javac" --release 25 -proc:none -d "$1/classes" -cp "$2/lib/*" \
    "$repo"/bench/boot-fixture/dev/eksnode/bench/fixture/BootFixture.java
}
fixture_seed() {
  fixture_java "$1" "$2" seed "$1/seed-toml"
  fixture_java "$1" "$2" seed-bare "$1/seed-mime"
}
fixture_serve() {
  rm -f "$1/endpoint-$3"
  # exec: the background job is the JVM itself, so killing $emulators stops it
  (exec "$java_home/bin/java" -cp "$1/classes:$2/lib/*" dev.eksnode.bench.fixture.BootFixture serve "$1/endpoint-$3" "${@:4}") &
  emulators="$emulators $!"
}
# fixture_start DIR HOME: a fresh DIR with both seeds and both emulators (toml: no user data; mime: the
# demo's NodeConfig MIME user data), once they listen.
fixture_start() {
  rm -rf "$1"
  fixture_compile "$1" "$2"
  fixture_seed "$1" "$2"
  fixture_serve "$1" "$2" toml
  fixture_serve "$1" "$2" mime "$nodeconfig_user_data"
  fixture_wait "$1" toml mime
}
fixture_wait() {
  local dir=$1 name
  shift
  for _ in $(seq 1 300); do
    local ready=true
    for name in "$@"; do
      [ -s "$dir/endpoint-$name" ] || ready=false
    done
    "$ready" && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): the metadata emulators did not start" >&2
  return 1
}

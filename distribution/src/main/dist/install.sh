#!/bin/sh
# Installs eksnode from this unpacked tarball: the application and its own Java runtime under
# /opt/eksnode, the command as /usr/local/bin/eksnode, and eksnode-bootstrap.service. Idempotent: a
# second run with the same tarball changes nothing; a run with a newer tarball replaces what changed
# and removes files the new version no longer ships (bin/, conf/, lib/ and runtime/ mirror the tarball).
#
# Usage: install.sh [--root DIR] [--prefix DIR] [--train-aot]
#   --root DIR    install into the tree DIR instead of / (an image being built); DESTDIR does the same
#   --prefix DIR  where eksnode goes inside the root (default /opt/eksnode)
#   --train-aot   afterwards, train the start-up cache with a representative boot (the demo); run it
#                 on the machine that will boot, e.g. in the image build after `eksnode image build`
set -eu

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "$0"
}
bad_usage() {
  usage >&2
  exit 2
}

root=${DESTDIR:-/}
prefix=/opt/eksnode
train=false
while [ $# -gt 0 ]; do
  case $1 in
    --root) [ $# -ge 2 ] || bad_usage; root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --prefix) [ $# -ge 2 ] || bad_usage; prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --train-aot) train=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'" >&2; bad_usage ;;
  esac
done
case $prefix in
  /*) ;;
  *) echo "install.sh: --prefix must be absolute, not '$prefix'" >&2; exit 2 ;;
esac

src=$(cd "$(dirname "$0")" && pwd)
root=$(mkdir -p "$root" && cd "$root" && pwd)
# Paths inside the root; "$root" is "/" on a live system.
at() {
  if [ "$root" = / ]; then printf '%s\n' "$1"; else printf '%s%s\n' "$root" "$1"; fi
}
dest=$(at "$prefix")
# Anything that changes the root touches this file; subshells (loops in pipes) can too.
marker=$(mktemp)
rm -f "$marker"
trap 'rm -f "$marker"' EXIT
changed() {
  : >"$marker"
}

say() {
  echo "install.sh: $*"
}

# Copies one file unless the target already has the same bytes and mode; atomic replace.
install_file() {
  file_from=$1 file_to=$2 file_mode=$3
  if [ -f "$file_to" ] && [ ! -h "$file_to" ] && cmp -s "$file_from" "$file_to" \
    && [ "$(stat -c %a "$file_to")" = "$file_mode" ]; then
    return 0
  fi
  mkdir -p "$(dirname "$file_to")"
  cp "$file_from" "$file_to.eksnode-new"
  chmod "$file_mode" "$file_to.eksnode-new"
  mv -f "$file_to.eksnode-new" "$file_to"
  changed
}

# Makes the directory tree $2 hold exactly the files of $1: same bytes, same modes, nothing else.
mirror() {
  from=$1 to=$2
  mkdir -p "$to"
  # Files are listed relative to the source; names in this package have no newlines.
  (cd "$from" && find . -type f) | while IFS= read -r file; do
    install_file "$from/$file" "$to/$file" "$(stat -c %a "$from/$file")"
  done
  (cd "$to" && find . -type f) | while IFS= read -r file; do
    if [ ! -e "$from/$file" ]; then
      rm -f "$to/$file"
      changed
    fi
  done
  find "$to" -mindepth 1 -type d -empty -delete
}

mirror "$src/bin" "$dest/bin"
mirror "$src/lib" "$dest/lib"
mirror "$src/runtime" "$dest/runtime"
mirror "$src/conf" "$dest/conf"
mirror "$src/systemd" "$dest/systemd"
install_file "$src/install.sh" "$dest/install.sh" 755

# Third-party plugin jars go here; the installer never removes what an operator put in it.
if [ ! -d "$dest/plugins" ]; then
  mkdir -p "$dest/plugins"
  changed
fi
if [ "$(stat -c %a "$dest/plugins")" != 755 ]; then
  chmod 755 "$dest/plugins"
  changed
fi
if [ "$(id -u)" -eq 0 ] && [ "$(stat -c %u:%g "$dest/plugins")" != 0:0 ]; then
  chown 0:0 "$dest/plugins"
  changed
fi

link=$(at /usr/local/bin/eksnode)
if [ "$(readlink "$link" 2>/dev/null || true)" != "$prefix/bin/eksnode" ]; then
  mkdir -p "$(dirname "$link")"
  ln -sfn "$prefix/bin/eksnode" "$link"
  changed
fi

unit=eksnode-bootstrap.service
unit_file=$(at /etc/systemd/system/$unit)
if [ "$prefix" = /opt/eksnode ]; then
  install_file "$src/systemd/$unit" "$unit_file" 644
else
  # The unit names /opt/eksnode; point it at the prefix instead.
  tmp=$(mktemp)
  sed "s|/opt/eksnode/|$prefix/|g" "$src/systemd/$unit" >"$tmp"
  install_file "$tmp" "$unit_file" 644
  rm -f "$tmp"
fi

# Enable the unit only on the running system: an image tree is enabled when it boots or by its builder.
if [ "$root" = / ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  if ! systemctl is-enabled --quiet "$unit" 2>/dev/null; then
    systemctl enable "$unit"
    changed
  fi
else
  say "not enabling $unit: $root is not the running system (run 'systemctl enable $unit' on it)"
fi

if [ ! -e "$marker" ]; then
  say "$dest is up to date"
else
  say "installed eksnode into $dest"
fi

if [ "$train" = true ]; then
  "$dest/bin/eksnode" --train-aot
fi

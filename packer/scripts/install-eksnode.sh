#!/usr/bin/env bash
# Unpacks the uploaded eksnode tarball and installs it with its own install.sh (/opt/eksnode,
# /usr/local/bin/eksnode, eksnode-bootstrap.service).
set -euo pipefail

tarball=${EKSNODE_TARBALL:?EKSNODE_TARBALL names the uploaded eksnode tarball}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tar -xzf "$tarball" -C "$work"
installer=$(find "$work" -maxdepth 2 -name install.sh -type f | head -n 1)
if [ -z "$installer" ]; then
  echo "install-eksnode.sh: no install.sh in $tarball" >&2
  exit 1
fi
sh "$installer"
eksnode version

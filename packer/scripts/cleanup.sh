#!/usr/bin/env bash
# Leaves nothing of the build behind in the AMI: uploaded files, package caches, logs, the
# builder's SSH host keys and machine id (regenerated at first boot), and shell history.
set -euo pipefail

rm -f /tmp/ami.toml /tmp/eksnode-*.tar.gz
dnf clean all
rm -rf /var/cache/dnf/*
rm -f /etc/ssh/ssh_host_*
truncate -s 0 /etc/machine-id
rm -rf /var/lib/cloud/instances/*
find /var/log -type f -name '*.log' -exec truncate -s 0 {} +
journalctl --rotate --vacuum-time=1s || true
rm -f /root/.bash_history /home/ec2-user/.bash_history

#!/usr/bin/env bash
# Builds the guest's base root with debootstrap: Debian bookworm, minbase plus the packages listed in
# ./packages (systemd, udev, a kernel and initramfs, containerd and runc, ...), configured to boot
# under qemu: root on /dev/vda, networkd with DHCP on the user-mode network, a console on ttyS0.
# Writes DEST/root (the tree), DEST/vmlinuz and DEST/initrd.img (for qemu's direct kernel boot), and
# DEST/packages.lock (every installed package and version) last, as the mark of a complete build.
#
# Usage: build-base.sh DEST [MIRROR]
# Needs root (debootstrap chroots, and the tree's files must be owned by root for mke2fs -d).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=$1
mirror=${2:-http://deb.debian.org/debian}
root=$dest/root

rm -rf "$dest"
mkdir -p "$dest"
packages=$(grep -v '^#' "$here/packages" | grep . | paste -sd, -)
debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >"$dest/debootstrap.log" 2>&1 || {
  tail -n 40 "$dest/debootstrap.log" >&2
  echo "build-base.sh: debootstrap failed (log: $dest/debootstrap.log)" >&2
  exit 1
}

echo vmtest >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 vmtest\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
printf '/dev/vda / ext4 defaults,errors=remount-ro 0 1\n' >"$root/etc/fstab"
# The user-mode network: DHCP on the one virtio NIC; network-online.target waits for it.
cat >"$root/etc/systemd/network/10-vmtest.network" <<'NETWORK'
[Match]
Name=en*

[Network]
DHCP=ipv4
NETWORK
chroot "$root" systemctl enable systemd-networkd.service systemd-networkd-wait-online.service >/dev/null 2>&1
# A root shell on the serial console without a password: the guest is reachable only through qemu.
chroot "$root" passwd -d root >/dev/null
# No apt caches in the image.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

cp "$(readlink -f "$root/vmlinuz")" "$dest/vmlinuz"
cp "$(readlink -f "$root/initrd.img")" "$dest/initrd.img"
chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' >"$dest/packages.lock.tmp"
mv "$dest/packages.lock.tmp" "$dest/packages.lock"

#!/usr/bin/env bash
# Lays out the Zeptux system's root file system (the initramfs of kernel/target/zeptux-system.img):
#   bin/busybox and its applet links (`busybox --list-full`: symbolic links to /bin/busybox),
#   sbin/init (Zeptux's init, not busybox's), etc/ (userland/system/etc), and the empty
#   directories mount points and programs expect (dev, proc, sys, tmp, root, var/log, ...).
# The tree is made afresh each time; zeptuxc image packs it deterministically (sorted, times 0).
#
# usage: scripts/system-root.sh INIT SYSTEM_DIR OUT_DIR [BUSYBOX]
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
    echo "usage: $0 INIT SYSTEM_DIR OUT_DIR [BUSYBOX]" >&2
    exit 2
fi
init=$1
system=$2
out=$3
busybox=${4:-/bin/busybox}

if [ ! -x "$busybox" ] || ! "$busybox" --list-full >/dev/null 2>&1; then
    echo "system-root.sh: no static busybox at $busybox: install busybox-static (scripts/host-tools.sh or make tools)" >&2
    exit 1
fi
if file -L "$busybox" 2>/dev/null | grep -q 'dynamically linked'; then
    echo "system-root.sh: $busybox is dynamically linked; Zeptux runs static programs only (busybox-static)" >&2
    exit 1
fi

rm -rf "$out"
mkdir -p "$out"
for d in bin sbin usr/bin usr/sbin etc dev proc sys tmp root var/log mnt; do
    mkdir -p "$out/$d"
done
cp "$busybox" "$out/bin/busybox"
chmod 755 "$out/bin/busybox"
applets=$("$busybox" --list-full | LC_ALL=C sort)
# Each applet's directory once (a mkdir per applet was half of this script's time).
dirs=$(printf '%s\n' "$applets" | sed -n 's|/[^/]*$||p' | LC_ALL=C sort -u)
for d in $dirs; do
    mkdir -p "$out/$d"
done
printf '%s\n' "$applets" | while read -r applet; do
    case "$applet" in
        bin/busybox|sbin/init|linuxrc|'') continue ;;     # init is Zeptux's own
    esac
    ln -s /bin/busybox "$out/$applet"
done
cp "$init" "$out/sbin/init"
chmod 755 "$out/sbin/init"
cp -R "$system/etc/." "$out/etc/"

#!/bin/bash
# Build the IPVS director VM's boot files into OUT (default <repo>/.cache/lab/vm):
#   vmlinuz       Debian's kernel (the one linux-image-amd64 depends on), from apt-get download
#   initrd.cpio   busybox-static + virtio/ext4 modules: mounts /dev/vda and switch_roots
#   root.ext4     the root filesystem (mkfs.ext4 -d): this machine's binaries for sshd, ipvsadm,
#                 iptables, iproute2, keepalived, coreutils, ... with their libraries (ldd), the
#                 kernel's netfilter/IPVS/bridge/veth modules, and /sbin/lvsplay-boot (rootfs-init.sh)
#   stamp         written last; its content says what was built (the caller compares it)
# Only Debian's apt is used for downloads. Usage: build-image.sh OUT [STAMP-TEXT]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build-image.sh OUT [STAMP]}
STAMP_TEXT=${2:-}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
T0=$(date +%s.%N)
log() { printf 'vm-image: %s (%.1fs)\n' "$*" "$(echo "$(date +%s.%N) - $T0" | bc 2>/dev/null || echo 0)" >&2; }

# --- 1. this machine's packages (the VM's userspace is copied from them) -------------------------
HOST_PKGS="qemu-system-x86 busybox-static e2fsprogs cpio kmod ipvsadm iptables keepalived openssh-server
  openssh-client openssh-sftp-server iproute2 procps iputils-ping util-linux mount coreutils bash dash
  findutils grep sed mawk tar gzip diffutils hostname libc-bin dpkg debianutils netbase base-files bc"
missing=""
for p in $HOST_PKGS; do
  dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "installing:$missing"
  own=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own=1; fi
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >&2 || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends $missing >&2; } || { [ $own = 1 ] && rm -f /usr/sbin/policy-rc.d; exit 1; }
  [ $own = 1 ] && rm -f /usr/sbin/policy-rc.d
fi
# busybox-static and busybox conflict; the binary we need is the static one
BUSYBOX=/bin/busybox
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' || ldd "$BUSYBOX" 2>&1 | grep -q 'not a dynamic' || { echo "vm-image: $BUSYBOX is not static (need busybox-static)" >&2; exit 1; }

# --- 2. the kernel ------------------------------------------------------------------------------
KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$KPKG" ] || { echo "vm-image: apt-cache depends linux-image-amd64 names no kernel" >&2; exit 1; }
KVER=${KPKG#linux-image-}
KDIR=$OUT/kernel-$KVER
if [ ! -e "$KDIR/.done" ]; then
  rm -rf "$OUT/dl" "$KDIR"; mkdir -p "$OUT/dl"
  log "downloading $KPKG"
  (cd "$OUT/dl" && apt-get download "$KPKG" >&2 2>/dev/null) || { apt-get update -q >&2 && (cd "$OUT/dl" && apt-get download "$KPKG" >&2); }
  dpkg -x "$OUT"/dl/"$KPKG"_*.deb "$KDIR"
  depmod -b "$KDIR" "$KVER"
  rm -rf "$OUT/dl"
  touch "$KDIR/.done"
fi
KMOD=$KDIR/lib/modules/$KVER
cp "$KDIR/boot/vmlinuz-$KVER" "$OUT/vmlinuz.new"

# module closure (paths relative to $KMOD), in load order
mod_closure() {
  for m in "$@"; do modprobe -d "$KDIR" -S "$KVER" --show-depends "$m"; done | awk '$1=="insmod"{print $2}' | sed "s|^$KMOD/||" | awk '!seen[$0]++'
}

# --- 3. the initramfs: just enough to mount the ext4 root ----------------------------------------
log "initramfs"
IR=$OUT/initrd.tmp; rm -rf "$IR"; mkdir -p "$IR"/{bin,dev,proc,sys,newroot,modules}
cp "$BUSYBOX" "$IR/bin/busybox"
for a in sh mount umount insmod switch_root sleep cat echo mkdir ls; do ln -s busybox "$IR/bin/$a"; done
: > "$IR/modules/order"
for f in $(mod_closure virtio_pci virtio_blk crc32c_generic ext4); do
  b=$(basename "$f"); cp "$KMOD/$f" "$IR/modules/$b"; echo "$b" >> "$IR/modules/order"
done
cat > "$IR/init" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules/order); do insmod /modules/$m 2>/dev/null; done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
mount -t ext4 -o rw,noatime /dev/vda /newroot || { echo "lvsplay-initrd: cannot mount /dev/vda"; echo "LVSPLAY-FAILED initrd"; sleep 2; exit 1; }
umount /sys; umount /proc
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
EOF
chmod 755 "$IR/init"
(cd "$IR" && find . | cpio -o -H newc --quiet) > "$OUT/initrd.cpio.new"
rm -rf "$IR"

# --- 4. the root filesystem ------------------------------------------------------------------------
log "root filesystem"
R=$OUT/rootfs.tmp; rm -rf "$R"; mkdir -p "$R"
# merged /usr, as on this machine
mkdir -p "$R"/usr/{bin,sbin,lib,lib64} "$R"/{etc,dev,proc,sys,run,tmp,root,home,var/lib,var/log,var/tmp,var/cache,lvs,mnt}
ln -s usr/bin "$R/bin"; ln -s usr/sbin "$R/sbin"; ln -s usr/lib "$R/lib"; ln -s usr/lib64 "$R/lib64"
ln -s /run "$R/var/run"; ln -s /run/lock "$R/var/lock"
chmod 1777 "$R/tmp" "$R/var/tmp"; chmod 700 "$R/root"

# canonical path on this machine (/lib/x -> /usr/lib/x), keeping a final symlink as a symlink
canon() { local d; d=$(readlink -f "$(dirname "$1")"); echo "$d/$(basename "$1")"; }
LIST=$OUT/files.list; : > "$LIST"
add() { # PATH...: a file (or symlink and its target), recorded for the ldd pass
  local p c t
  for p in "$@"; do
    [ -e "$p" ] || [ -L "$p" ] || continue
    c=$(canon "$p")
    [ -e "$R$c" ] || [ -L "$R$c" ] || { mkdir -p "$R$(dirname "$c")"; cp -a "$c" "$R$c"; echo "$c" >> "$LIST"; }
    if [ -L "$c" ]; then t=$(readlink -f "$c"); [ -e "$t" ] && add "$t"; fi
  done
}
PKGS="coreutils dash bash util-linux mount iproute2 iptables ipvsadm keepalived openssh-server openssh-client
  openssh-sftp-server procps kmod iputils-ping findutils grep sed mawk tar gzip diffutils hostname libc-bin
  dpkg debianutils netbase base-files libxtables12 libnftnl11 libnetfilter-conntrack3 libnfnetlink0 libmnl0"
present_pkgs=""
for p in $PKGS; do
  dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || continue
  present_pkgs="$present_pkgs $p"
  dpkg -L "$p" | grep -Ev '^/usr/share/(doc|man|info|locale|lintian|bash-completion|zsh|fish|bug|menu)(/|$)|^/(lib|usr/lib)/systemd/|^/etc/init\.d/|^/etc/(cron|logrotate)' | while read -r f; do
    if [ -d "$f" ] && [ ! -L "$f" ]; then c=$(readlink -f "$f"); mkdir -p "$R$c"; else add "$f"; fi
  done
done
# Debian alternatives (iptables -> iptables-nft, awk -> mawk, ...) for files we copied
for a in /etc/alternatives/*; do
  t=$(readlink "$a"); [ -e "$R$(canon "$t")" ] || continue
  cp -a "$a" "$R/etc/alternatives/" 2>/dev/null || { mkdir -p "$R/etc/alternatives"; cp -a "$a" "$R/etc/alternatives/"; }
done
for d in /usr/bin /usr/sbin; do
  find "$d" -maxdepth 1 -type l -lname '/etc/alternatives/*' | while read -r l; do
    n=$(basename "$(readlink "$l")"); [ -L "$R/etc/alternatives/$n" ] && cp -a "$l" "$R$l"
  done
done
# static busybox: PID 1 (busybox init reaps orphans) and a few applets
cp "$BUSYBOX" "$R/usr/bin/busybox"; ln -sf busybox "$R/usr/sbin/init"
for a in wget nc httpd; do [ -e "$R/usr/bin/$a" ] || ln -s busybox "$R/usr/bin/$a"; done
# libraries: ldd closure of every ELF file we copied (and of xtables' dlopen'ed extensions)
log "libraries"
find "$R" -type f \( -perm -u+x -o -name '*.so*' \) -print0 | xargs -0 file -N | awk -F': ' '/ELF .*dynamic/ {print $1}' | sed "s|^$R||" \
  | xargs -r ldd 2>/dev/null | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' | sort -u | while read -r l; do add "$l"; done
add /lib64/ld-linux-x86-64.so.2
# second round for libraries of libraries that ldd of a dlopen'ed file may have missed
awk '/\.so/' "$LIST" | xargs -r ldd 2>/dev/null | awk '/=> \// {print $3}' | sort -u | while read -r l; do add "$l"; done
mkdir -p "$R/etc/ld.so.conf.d"; cp -a /etc/ld.so.conf "$R/etc/"; cp -a /etc/ld.so.conf.d/. "$R/etc/ld.so.conf.d/" 2>/dev/null || true
ldconfig -r "$R"

# kernel modules: netfilter, IPVS, bridge, veth, virtio, overlay ... and their dependencies
log "modules"
WANT="virtio_net virtio_rng veth bridge dummy overlay tun 8021q macvlan"
for d in net/netfilter net/ipv4/netfilter net/ipv6/netfilter net/bridge net/sched; do
  [ -d "$KMOD/kernel/$d" ] && WANT="$WANT $(find "$KMOD/kernel/$d" -name '*.ko*' -printf '%f\n' | sed 's/\.ko.*//')"
done
# shellcheck disable=SC2086
for f in $(mod_closure $WANT); do mkdir -p "$R/usr/lib/modules/$KVER/$(dirname "$f")"; cp "$KMOD/$f" "$R/usr/lib/modules/$KVER/$f"; done
cp "$KMOD"/modules.{order,builtin,builtin.modinfo} "$R/usr/lib/modules/$KVER/" 2>/dev/null || true
depmod -b "$R" "$KVER"

# /etc of the VM (each director gets an overlay of its own over it)
log "etc"
cat > "$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
sshd:x:100:65534::/run/sshd:/usr/sbin/nologin
keepalived_script:x:101:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$R/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
adm:x:4:
tty:x:5:
shadow:x:42:
utmp:x:43:
nogroup:x:65534:
EOF
printf 'root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nsshd:*:19000:0:99999:7:::\nkeepalived_script:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' > "$R/etc/shadow"
chmod 640 "$R/etc/shadow"; chgrp 42 "$R/etc/shadow"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files\nnetworks: files\nprotocols: files\nservices: files\nethers: files\nrpc: files\n' > "$R/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' > "$R/etc/hosts"
echo lvsvm > "$R/etc/hostname"
: > "$R/etc/resolv.conf"
printf '/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n' > "$R/etc/shells"
printf '::sysinit:/sbin/lvsplay-boot\n::ctrlaltdel:/bin/busybox poweroff -f\n' > "$R/etc/inittab"
mkdir -p "$R/etc/iptables" "$R/etc/keepalived" "$R/etc/sysctl.d" "$R/etc/network/interfaces.d" "$R/etc/default" "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
# dpkg-query: the packages whose files the VM holds
# shellcheck disable=SC2086
dpkg-query -s $present_pkgs > "$R/var/lib/dpkg/status" 2>/dev/null || true
: > "$R/var/lib/dpkg/available"
cp "$HERE/rootfs-init.sh" "$R/usr/sbin/lvsplay-boot"; chmod 755 "$R/usr/sbin/lvsplay-boot"
cp "$HERE/director-boot.sh" "$R/usr/sbin/lvsplay-director"; chmod 755 "$R/usr/sbin/lvsplay-director"

log "mkfs.ext4"
size_mb=$(( $(du -sm "$R" | cut -f1) * 13 / 10 + 64 ))
rm -f "$OUT/root.ext4.new"
mkfs.ext4 -q -F -L lvsroot -O ^has_journal,^metadata_csum -E root_owner=0:0 -d "$R" "$OUT/root.ext4.new" "${size_mb}M"
rm -rf "$R" "$LIST"
mv -f "$OUT/vmlinuz.new" "$OUT/vmlinuz"; mv -f "$OUT/initrd.cpio.new" "$OUT/initrd.cpio"; mv -f "$OUT/root.ext4.new" "$OUT/root.ext4"
printf '%s\nkernel %s\n' "$STAMP_TEXT" "$KVER" > "$OUT/stamp"
log "done: $(du -sh "$OUT/root.ext4" | cut -f1) root image, kernel $KVER"

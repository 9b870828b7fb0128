#!/bin/bash
# Build the IPVS director VM's boot files into OUT (default <repo>/.cache/lab/vm):
#   vmlinuz       Debian's kernel (the one linux-image-amd64 depends on), from apt-get download
#   initrd.cpio   busybox-static + virtio/ext4 modules: mounts /dev/vda and switch_roots
#   root.ext4     the root filesystem (mkfs.ext4 -d): this machine's binaries for sshd, ipvsadm,
#                 iptables, iproute2, keepalived, coreutils, ... with their libraries (ldd), the
#                 kernel's netfilter/IPVS/bridge/veth modules, and /sbin/lvsplay-boot (rootfs-init.sh)
#   stamp         written last; its content says what was built (the caller compares it)
# Only Debian's apt is used for downloads. Usage: build-image.sh OUT [STAMP-TEXT]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build-image.sh OUT [STAMP]}
STAMP_TEXT=${2:-}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
T0=$(date +%s.%N)
log() { awk -v t0="$T0" -v t1="$(date +%s.%N)" -v m="$*" 'BEGIN { printf "vm-image: %s (%.1fs)\n", m, t1 - t0 }' >&2; }

# --- 1. this machine's packages (the VM's userspace is copied from them) -------------------------
HOST_PKGS="qemu-system-x86 busybox-static e2fsprogs cpio kmod ipvsadm iptables keepalived openssh-server
  openssh-client openssh-sftp-server iproute2 procps iputils-ping util-linux mount coreutils bash dash
  findutils grep sed mawk tar gzip diffutils hostname libc-bin dpkg debianutils netbase base-files curl xz-utils qemu-system-data"
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
{ ldd "$BUSYBOX" 2>&1 || true; } | grep -q 'not a dynamic' || { echo "vm-image: $BUSYBOX is not static (need busybox-static)" >&2; exit 1; }

# --- 2. the kernel ------------------------------------------------------------------------------
KPKG=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$KPKG" ] || { echo "vm-image: apt-cache depends linux-image-amd64 names no kernel" >&2; exit 1; }
KVER=${KPKG#linux-image-}
# the .deb stays in the cache (70 MB; unpacked it is 400 MB): a rebuild needs no network
mkdir -p "$OUT/kernel"
if ! ls "$OUT/kernel/${KPKG}"_*.deb >/dev/null 2>&1; then
  log "downloading $KPKG"
  (cd "$OUT/kernel" && apt-get download "$KPKG" >&2) || { apt-get update -q >&2 && (cd "$OUT/kernel" && apt-get download "$KPKG" >&2); }
fi
KDIR=$OUT/kernel.tmp
rm -rf "$KDIR"
dpkg -x "$(ls "$OUT/kernel/${KPKG}"_*.deb | head -n1)" "$KDIR"
depmod -b "$KDIR" "$KVER"
KMOD=$KDIR/lib/modules/$KVER
cp "$KDIR/boot/vmlinuz-$KVER" "$OUT/vmlinuz.new"
# The uncompressed kernel too (Debian's is xz inside the bzImage): booted by its PVH entry point it
# saves the decompression, seconds under emulation. The caller falls back to vmlinuz without it.
rm -f "$OUT/vmlinux.new"
off=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$OUT/vmlinuz.new" | head -n1 | cut -d: -f1)
if [ -n "$off" ]; then
  tail -c +"$((off + 1))" "$OUT/vmlinuz.new" | xz -dc 2>/dev/null > "$OUT/vmlinux.new" || true
  [ "$(head -c4 "$OUT/vmlinux.new" | od -An -c | tr -d ' ')" = '177ELF' ] || rm -f "$OUT/vmlinux.new"
fi

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

# Copy host paths into the rootfs; its top-level symlinks (bin -> usr/bin, ...) make cp --parents
# land them in merged /usr. A symlink's target is copied too.
copy_paths() { # paths on stdin
  local t
  awk '!seen[$0]++' | while IFS= read -r f; do
    if [ -L "$f" ]; then [ -d "$f" ] && continue; echo "$f"; t=$(readlink -f "$f"); if [ -f "$t" ]; then echo "$t"; fi
    elif [ -f "$f" ]; then echo "$f"; fi
  done | xargs -r -d '\n' cp -a --parents -t "$R" 2>/dev/null || true
}
PKGS="coreutils dash bash util-linux mount iproute2 iptables ipvsadm keepalived openssh-server openssh-client
  openssh-sftp-server procps kmod iputils-ping findutils grep sed mawk tar gzip diffutils hostname libc-bin
  dpkg debianutils netbase base-files libxtables12 libnftnl11 libnetfilter-conntrack3 libnfnetlink0 libmnl0
  init-system-helpers perl-base sysvinit-utils ifupdown net-tools"
present_pkgs=""
for p in $PKGS; do
  dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' && present_pkgs="$present_pkgs $p"
done
# shellcheck disable=SC2086
dpkg -L $present_pkgs | grep -Ev '^/usr/share/(doc|man|info|locale|lintian|bash-completion|zsh|fish|bug|menu)(/|$)|^/(usr/)?lib/systemd/|^/etc/(cron|logrotate)' | copy_paths
# Packages this machine need not have (shell scripts, architecture all): downloaded once from
# Debian's apt into the cache and unpacked into the image, with dpkg status entries.
EXTRA_DEBS="netfilter-persistent iptables-persistent"
mkdir -p "$OUT/debs"
for p in $EXTRA_DEBS; do
  if ! ls "$OUT/debs/${p}"_*.deb >/dev/null 2>&1; then
    (cd "$OUT/debs" && apt-get download "$p" >&2) || { apt-get update -q >&2 && (cd "$OUT/debs" && apt-get download "$p" >&2); }
  fi
done
extra_status=""
for d in "$OUT"/debs/*.deb; do
  dpkg -x "$d" "$R.x"
  extra_status="${extra_status}Package: $(dpkg-deb -f "$d" Package)
Status: install ok installed
$(dpkg-deb -f "$d" | grep -v '^Package:')

"
done
if [ -d "$R.x" ]; then
  rm -rf "$R.x/usr/share/doc" "$R.x/usr/share/man" "$R.x/lib/systemd" "$R.x/usr/lib/systemd"
  # unpacked under the merged-/usr layout
  (cd "$R.x" && find . ! -type d | sed 's|^\.||') | while IFS= read -r f; do
    mkdir -p "$R$(dirname "$f")" 2>/dev/null || true
    cp -a "$R.x$f" "$R$f"
  done
  rm -rf "$R.x"
fi
# Debian alternatives (iptables -> iptables-nft, awk -> mawk, ...) for files we copied
mkdir -p "$R/etc/alternatives"
for a in /etc/alternatives/*; do
  t=$(readlink -f "$a") || continue; if [ -e "$R$t" ]; then cp -a "$a" "$R/etc/alternatives/"; fi
done
for d in /usr/bin /usr/sbin /bin /sbin; do
  find "$d/" -maxdepth 1 -type l -lname '/etc/alternatives/*' | while read -r l; do
    n=$(basename "$(readlink "$l")"); if [ -L "$R/etc/alternatives/$n" ]; then cp -a --parents "$l" "$R"; fi
  done
done
# static busybox: PID 1 (busybox init reaps orphans) and a few applets
cp "$BUSYBOX" "$R/usr/bin/busybox"; ln -sf ../bin/busybox "$R/usr/sbin/init"
for a in wget nc httpd; do if [ ! -e "$R/usr/bin/$a" ]; then ln -s busybox "$R/usr/bin/$a"; fi; done
# libraries: ldd (which lists the whole closure) of every executable and library we copied,
# xtables' dlopen'ed extensions included
log "libraries"
(cd "$R" && find . -type f \( -perm -u+x -o -name '*.so*' \) | sed 's|^\.||') | xargs -r -P "$(nproc)" -n 32 ldd 2>/dev/null \
  | awk '/=> \// {print $3} /^\t\/[^ ]*ld-linux/ {print $1}' | copy_paths
echo /lib64/ld-linux-x86-64.so.2 | copy_paths
mkdir -p "$R/etc/ld.so.conf.d"; cp -a /etc/ld.so.conf "$R/etc/"; cp -a /etc/ld.so.conf.d/. "$R/etc/ld.so.conf.d/" 2>/dev/null || true
ldconfig -r "$R"

# kernel modules: netfilter, IPVS, bridge, veth, virtio, overlay ... and their dependencies
log "modules"
WANT="virtio_net virtio_rng veth bridge dummy overlay tun 8021q macvlan"
for d in net/netfilter net/ipv4/netfilter net/ipv6/netfilter net/bridge net/sched; do
  if [ -d "$KMOD/kernel/$d" ]; then WANT="$WANT $(find "$KMOD/kernel/$d" -name '*.ko*' -printf '%f\n' | sed 's/\.ko.*//')"; fi
done
# closure from modules.dep (each line: module: all its dependencies)
mod_files() {
  awk -v want=" $(echo "$*" | tr '-' '_') " '{
    f = $1; sub(/:$/, "", f); b = f; sub(/.*\//, "", b); sub(/\.ko.*$/, "", b); gsub(/-/, "_", b)
    if (index(want, " " b " ")) for (i = 1; i <= NF; i++) { x = $i; sub(/:$/, "", x); print x }
  }' "$KMOD/modules.dep" | sort -u
}
# shellcheck disable=SC2086
mkdir -p "$R/usr/lib/modules/$KVER"
(cd "$KMOD" && mod_files $WANT | xargs -r cp --parents -t "$R/usr/lib/modules/$KVER/")
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
# ifup runs the hooks of these folders with run-parts, which fails on a missing folder
mkdir -p "$R"/etc/network/if-pre-up.d "$R"/etc/network/if-up.d "$R"/etc/network/if-down.d "$R"/etc/network/if-post-down.d
# dpkg-query: the packages whose files the VM holds
# shellcheck disable=SC2086
dpkg-query -s $present_pkgs > "$R/var/lib/dpkg/status" 2>/dev/null || true
printf '\n%s' "$extra_status" >> "$R/var/lib/dpkg/status"
mkdir -p "$R"/etc/rc0.d "$R"/etc/rc1.d "$R"/etc/rc2.d "$R"/etc/rc3.d "$R"/etc/rc4.d "$R"/etc/rc5.d "$R"/etc/rc6.d "$R"/etc/rcS.d
: > "$R/var/lib/dpkg/available"
cp "$HERE/rootfs-init.sh" "$R/usr/sbin/lvsplay-boot"; chmod 755 "$R/usr/sbin/lvsplay-boot"
cp "$HERE/director-boot.sh" "$R/usr/sbin/lvsplay-director"; chmod 755 "$R/usr/sbin/lvsplay-director"
cp "$HERE/../boot-debian.sh" "$R/usr/sbin/lvsplay-boot-debian"; chmod 755 "$R/usr/sbin/lvsplay-boot-debian"

log "mkfs.ext4"
size_mb=$(( $(du -sm "$R" | cut -f1) * 13 / 10 + 64 ))
rm -f "$OUT/root.ext4.new"
mkfs.ext4 -q -F -L lvsroot -O ^has_journal,^metadata_csum -E root_owner=0:0 -d "$R" "$OUT/root.ext4.new" "${size_mb}M"
rm -rf "$R" "$KDIR"
mv -f "$OUT/vmlinuz.new" "$OUT/vmlinuz"; if [ -e "$OUT/vmlinux.new" ]; then mv -f "$OUT/vmlinux.new" "$OUT/vmlinux"; else rm -f "$OUT/vmlinux"; fi; mv -f "$OUT/initrd.cpio.new" "$OUT/initrd.cpio"; mv -f "$OUT/root.ext4.new" "$OUT/root.ext4"
printf '%s\nkernel %s\n' "$STAMP_TEXT" "$KVER" > "$OUT/stamp"
log "done: $(du -sh "$OUT/root.ext4" | cut -f1) root image, kernel $KVER"

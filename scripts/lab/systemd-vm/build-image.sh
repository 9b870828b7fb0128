#!/bin/bash
# Build the systemd directors' boot image into OUT (<repo>/.cache/lab/systemd-vm; the kernel and
# initramfs are the IPVS VM's, .cache/lab/vm; the keepalived image: build-keepalived-image.sh):
#   root.ext4  Debian bookworm made by mmdebstrap: systemd as PID 1, docker.io (its iptables and
#              bridge off; the lab registry as its mirror for Docker Hub names and as an insecure
#              registry), openssh-server, ipvsadm, iptables(-persistent), ifupdown, the kernel's
#              modules, and lvsplay-lab-config.service (lab-config.sh: name, address, host key
#              from the director's own small disk). Each director boots a qcow2 overlay of it.
#   stamp      written last; its first line is STAMP (the caller compares it)
# Downloads only through Debian's apt (mmdebstrap). Usage:
#   build-image.sh OUT KERNEL_DEB REGISTRY_ADDRESS:PORT [STAMP]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build-image.sh OUT KERNEL_DEB REGISTRY [STAMP]}
KDEB=${2:?kernel .deb}
REGISTRY=${3:?registry address:port}
STAMP_TEXT=${4:-}
SUITE=bookworm
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
T0=$(date +%s.%N)
log() { awk -v t0="$T0" -v t1="$(date +%s.%N)" -v m="$*" 'BEGIN { printf "systemd-vm-image: %s (%.1fs)\n", m, t1 - t0 }' >&2; }

for tool in mmdebstrap mkfs.ext4; do
  command -v "$tool" >/dev/null || { echo "systemd-vm-image: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
WORK=$OUT/build.tmp
rm -rf "$WORK"
mkdir -p "$WORK"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
# no manuals or translations
NODOCS=(--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*')

# --- the directors' root ---
log "mmdebstrap: the directors' root"
R=$WORK/root
# apparmor: Debian's kernel has AppArmor on, and Docker then confines every container that is not
# --privileged with its docker-default profile, which it loads with apparmor_parser; without the
# package (a minbase root has only libapparmor1) such a container fails to start ("AppArmor
# enabled on system but the docker-default profile could not be loaded"), as on a Debian host
# without it. A standard Debian install has it.
PKGS=systemd,systemd-sysv,openssh-server,iproute2,iptables,ipvsadm,kmod,procps,docker.io,apparmor,iputils-ping,netfilter-persistent,iptables-persistent,ifupdown,sudo,netcat-openbsd
mmdebstrap --quiet --variant=minbase --include="$PKGS" "${NODOCS[@]}" "$SUITE" "$R" >&2

log "configuring the root"
# the lab gives each director its own host key at boot (lab-config.sh)
rm -f "$R"/etc/ssh/ssh_host_*
cat > "$R/etc/ssh/sshd_config.d/lvsplay-lab.conf" <<'CONF'
# lvsplay lab director: key logins for root only; no PAM or DNS lookups (each costs seconds under
# emulation); the curve25519 key exchange (the post-quantum default costs more under emulation).
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
MaxSessions 20
MaxStartups 200:30:400
PrintMotd no
HostKey /etc/ssh/ssh_host_ed25519_key
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256
CONF
mkdir -p "$R/etc/docker"
# iptables false: Docker must not set the FORWARD policy to DROP or add NAT rules (the directors'
# netfilter belongs to the roles); no bridge: containers run with --net=host here.
cat > "$R/etc/docker/daemon.json" <<JSON
{
  "iptables": false,
  "ip-forward": false,
  "ip-masq": false,
  "bridge": "none",
  "storage-driver": "overlay2",
  "insecure-registries": ["$REGISTRY"],
  "registry-mirrors": ["http://$REGISTRY"],
  "log-driver": "journald"
}
JSON
: > "$R/etc/fstab"
# A set machine id: no "first boot" (which would run systemctl preset-all over our choices). Each
# director gets its own on the kernel command line (systemd.machine_id=).
echo 0123456789abcdef0123456789abcdef > "$R/etc/machine-id"
# No name server: nothing in the lab resolves names outside it, so Docker Hub is never reached.
: > "$R/etc/resolv.conf"
echo lvsdirector > "$R/etc/hostname"
install -m 755 "$HERE/lab-config.sh" "$R/usr/sbin/lvsplay-lab-config"
cat > "$R/etc/systemd/system/lvsplay-lab-config.service" <<'UNIT'
[Unit]
Description=lvsplay lab: this director's name, address and host key (from /dev/vdb)
DefaultDependencies=no
# not after systemd-modules-load (10-15 s under emulation): it loads virtio_net itself
After=systemd-remount-fs.service
Before=network-pre.target ssh.service docker.service sysinit.target
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/sbin/lvsplay-lab-config

[Install]
WantedBy=sysinit.target
UNIT
cat > "$R/etc/systemd/system/lvsplay-ready.service" <<'UNIT'
[Unit]
Description=lvsplay lab: tell the machine this director has booted (serial console)
After=ssh.service docker.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'read -r up _ < /proc/uptime; echo "LVSPLAY-READY $$(hostname) $$up" > /dev/console'

[Install]
WantedBy=multi-user.target
UNIT
mkdir -p "$R/etc/modules-load.d"
printf '%s\n' virtio_net virtio_rng overlay ip_vs ip_vs_lc ip_vs_rr ip_vs_wlc nf_conntrack nf_tables nft_compat xt_mark iptable_mangle iptable_filter > "$R/etc/modules-load.d/lvsplay-lab.conf"
systemctl --root="$R" enable lvsplay-lab-config.service lvsplay-ready.service docker.service ssh.service >&2
# What a lab director has no use for, and costs seconds at boot under emulation: consoles (the
# lab logs in by SSH), timers that run apt, fstrim and e2scrub.
systemctl --root="$R" mask serial-getty@ttyS0.service getty@tty1.service apt-daily.timer apt-daily-upgrade.timer \
  e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer systemd-timesyncd.service >&2 2>&1 || true
# Modules a VM without device mapper, loop devices, FUSE, EFI or graphics never loads: each
# modprobe@ unit is a program start of seconds at boot on the directors' one emulated CPU.
systemctl --root="$R" mask modprobe@dm_mod.service modprobe@loop.service modprobe@fuse.service modprobe@efi_pstore.service \
  modprobe@drm.service >&2 2>&1
systemctl --root="$R" set-default multi-user.target >&2
# systemd runs every generator at boot and at each daemon-reload (the ha role's and the systemd
# module's), each a program start of 0.3-0.5 s under emulation: daemon-reload took 5.3 s with all
# twelve, 2.5-3.1 s with two. Keep the two a lab director uses: fstab (the root file system) and
# sysv (the ipvsadm init script the director role relies on at boot); a link to /dev/null in /etc
# is systemd's way to turn one off.
mkdir -p "$R/etc/systemd/system-generators"
for g in "$R"/usr/lib/systemd/system-generators/*; do
  case ${g##*/} in systemd-fstab-generator | systemd-sysv-generator) continue ;; esac
  ln -sf /dev/null "$R/etc/systemd/system-generators/${g##*/}"
done

log "kernel modules"
KW=$WORK/kernel
dpkg -x "$KDEB" "$KW"
KVER=$(ls "$KW/lib/modules" | head -n1)
mkdir -p "$R/usr/lib/modules"
cp -a "$KW/lib/modules/$KVER" "$R/usr/lib/modules/"
# hardware a VM never has
for d in drivers/gpu drivers/media drivers/net/wireless drivers/net/ethernet drivers/infiniband drivers/staging \
  drivers/scsi drivers/usb drivers/bluetooth drivers/iio drivers/hid drivers/input drivers/isdn drivers/mtd sound; do
  rm -rf "$R/usr/lib/modules/$KVER/kernel/$d"
done
depmod -b "$R" "$KVER"
rm -rf "$KW"

log "mkfs.ext4"
size_mb=$(($(du -sm --exclude=proc --exclude=sys "$R" | cut -f1) * 13 / 10 + 1024))
rm -f "$OUT/root.ext4.new"
mkfs.ext4 -q -F -L lvsroot -E root_owner=0:0 -d "$R" "$OUT/root.ext4.new" "${size_mb}M"
rm -rf "$R"

mv -f "$OUT/root.ext4.new" "$OUT/root.ext4"
printf '%s\nkernel %s\n' "$STAMP_TEXT" "$KVER" > "$OUT/stamp"
log "done: root image $(du -sh --apparent-size "$OUT/root.ext4" | cut -f1) ($(du -sh "$OUT/root.ext4" | cut -f1) used)"

#!/bin/sh
# /sbin/lvsplay-director NAME: runs in the director's network namespace and in new mount and UTS
# namespaces; gives it its own /etc, /var (overlays whose changes land on the directors' disk),
# /root, /home, /run, /tmp and hostname, runs what Debian runs at boot (lvsplay-boot-debian:
# sysctls, saved iptables and IPVS rules, ifupdown, enabled services), then its sshd. Static busybox for the small steps: cheaper to start than
# dynamically linked programs under emulation.
set -e
b=/usr/bin/busybox
n=$1; H=/lvs/hosts/$n
$b mount -t overlay "lvs-etc-$n" -o "lowerdir=/etc,upperdir=$H/etc.up,workdir=$H/etc.work" /etc
$b mount -t overlay "lvs-var-$n" -o "lowerdir=/var,upperdir=$H/var.up,workdir=$H/var.work" /var
$b mount -o bind "$H/root" /root
$b mount -t tmpfs -o mode=0755 home /home
$b mount -t tmpfs -o mode=1777,nosuid,nodev tmp /tmp
$b mount -t tmpfs -o mode=0755,nosuid,nodev run /run
$b mkdir -p /run/sshd /run/lock
$b cp "$H/sshd_config" /run/lvsplay-sshd_config
# the other directors' files stay out of sight
$b umount -l /lvs
$b hostname "$n"
set +e
/bin/sh /usr/sbin/lvsplay-boot-debian > /run/lvsplay-boot-debian.log 2>&1
# -r: no re-exec of sshd for each connection (0.3 s less per connection under emulation)
/usr/sbin/sshd -D -e -r -f /run/lvsplay-sshd_config
echo "LVSPLAY-FAILED sshd of $n exited ($?)" > /dev/console

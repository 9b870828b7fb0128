#!/bin/sh
# /sbin/lvsplay-boot: the VM's sysinit (PID 1 is busybox init, which reaps orphans).
# Mounts, loads the kernel modules the directors need, mounts the directors' own disk (/dev/vdb,
# an ext4 image written by src/lab/vm: the lab's configuration and every director's /etc, /var
# and /root, kept across reboots), bridges eth0 with one network namespace per director and
# starts each director (lvsplay-director: Debian's boot steps, then sshd). Prints LVSPLAY-READY
# (or LVSPLAY-FAILED) on the serial console.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C
say() { read -r up _ < /proc/uptime; echo "lvsplay-vm: [$up] $*" > /dev/console; }
fail() { say "$*"; echo "LVSPLAY-FAILED $*" > /dev/console; exit 1; }
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs -o mode=0755,nosuid,nodev run /run
mkdir -p /run/lock /run/sshd /run/netns /dev/pts /dev/shm
mount -t tmpfs -o mode=1777,nosuid,nodev tmp /tmp
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm
hostname lvsvm
say "userspace"
modprobe -a virtio_net virtio_rng veth bridge overlay \
  ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_sh ip_vs_mh ip_vs_dh ip_vs_sed ip_vs_nq ip_vs_lblc ip_vs_lblcr ip_vs_fo ip_vs_ovf \
  nf_conntrack nf_tables nft_compat nft_chain_nat nft_ct nft_limit nft_reject_inet nft_fib_inet \
  x_tables xt_mark xt_tcpudp xt_conntrack xt_multiport xt_comment xt_state xt_addrtype xt_set \
  ip_tables iptable_mangle iptable_filter iptable_nat ip6_tables ip6table_mangle ip6table_filter \
  || say "some modules did not load"
say "modules"
# The directors' disk: config.sh and, per director, its folder (overlay upper dirs with hostname,
# hosts and host key, root's authorized_keys, sshd_config), made by the machine on the first
# start: no file work here, where every program start costs tens of milliseconds. What a
# director writes lands on this disk too, so a reboot finds it again, as on a real host.
i=0; while [ ! -b /dev/vdb ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
mount -t ext4 -o rw,noatime /dev/vdb /lvs || fail "cannot mount the directors' disk"
# shellcheck disable=SC1091
. /lvs/config.sh   # GATEWAY PREFIX DIRECTORS="name=address=mac ..."
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
batch="link set lo up
link add br0 type bridge stp_state 0 forward_delay 0
link set eth0 master br0
link set eth0 up
link set br0 up"
for spec in $DIRECTORS; do
  n=${spec%%=*}
  ip netns add "$n" || fail "netns $n"
  batch="$batch
link add v-$n type veth peer name eth0 netns $n
link set v-$n master br0 up"
done
echo "$batch" | ip -batch - || fail "network (bridge, veths)"
for spec in $DIRECTORS; do (
  n=${spec%%=*}; rest=${spec#*=}; a=${rest%%=*}; mac=${rest#*=}
  ip -n "$n" -batch - <<EOT || fail "network of $n"
link set lo up
link set eth0 address $mac
addr add $a/$PREFIX dev eth0
link set eth0 up
route add default via $GATEWAY
EOT
  ip netns exec "$n" unshare --mount --uts --propagation private -- /bin/sh /usr/sbin/lvsplay-director "$n" > "/lvs/hosts/$n/sshd.log" 2>&1 &
) & done
wait
say "sshds started"
echo "LVSPLAY-READY" > /dev/console

#!/bin/sh
# /usr/sbin/lvsplay-lab-config (lvsplay-lab-config.service, early in every boot): what makes this
# copy of the image one particular lab director. Its settings come from its own small disk
# (/dev/vdb, written by src/lab/systemd-vm before the first boot): name, address, host key, root's
# authorized_keys. It sets the hostname and host key and configures eth0 (address, default route)
# as a LAN's DHCP or the machine's installer would have, before ssh, docker and the units roles add.
set -eu
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
C=/run/lvsplay-config
modprobe -a virtio_net virtio_rng 2>/dev/null || true
i=0; while [ ! -b /dev/vdb ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
mkdir -p $C
mountpoint -q $C || mount -o ro /dev/vdb $C
# NAME ADDRESS PREFIX GATEWAY
. $C/config.sh
hostname "$NAME"
[ "$(cat /etc/hostname 2>/dev/null)" = "$NAME" ] || echo "$NAME" > /etc/hostname
cp $C/hosts /etc/hosts
install -m 600 $C/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key
install -m 644 $C/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ed25519_key.pub
install -d -m 700 /root/.ssh
install -m 600 $C/authorized_keys /root/.ssh/authorized_keys
umount $C
i=0; while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
ip link set lo up
ip addr replace "$ADDRESS/$PREFIX" dev eth0
ip link set eth0 up
ip route replace default via "$GATEWAY"
read -r up _ < /proc/uptime
echo "lvsplay-lab-config: [$up] $NAME $ADDRESS" > /dev/console

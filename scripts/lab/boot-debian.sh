#!/bin/sh
# What Debian runs at boot that lvsplay's roles rely on, in the order Debian runs it, for a lab
# host that was just "rebooted" (a director in the VM after a power cycle, a node whose namespaces
# were recreated). Run inside the host's namespaces; prints one line per step. Nothing here is
# lvsplay: it only reads what the host's own files say, so a file the roles failed to persist is
# simply not restored, and verify.yaml finds the difference.
#   0. modprobe of what /etc/modules and /etc/modules-load.d/*.conf name (systemd-modules-load /
#      the kmod init script, which run before sysctl: net.ipv4.vs.* exist only once ip_vs is loaded)
#   1. sysctl --system             (systemd-sysctl / procps: /etc/sysctl.d and friends)
#   2. netfilter-persistent start  (iptables-restore of /etc/iptables/rules.v4)
#   3. ifup -a                     (networking: /etc/network/interfaces and what it sources)
#   4. /etc/init.d/ipvsadm start   (ipvsadm-restore of /etc/ipvsadm.rules when AUTO="true")
#   5. every other /etc/rc2.d/S*   (services enabled for runlevel 2, e.g. keepalived), unless
#      --no-services: the lab's namespace nodes share this machine's installed packages, whose
#      rc2.d links (postgresql, dbus, ...) are the machine's, not the node's
export PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C
step() { printf 'boot-debian: %s\n' "$*"; }
services=yes; [ "${1:-}" = --no-services ] && services=no

mkdir -p /run/network /run/lock
# A namespace node shares this machine's kernel, which loads no modules: nothing to do there.
if [ -e /proc/modules ]; then
  for f in /etc/modules /etc/modules-load.d/*.conf; do
    [ -r "$f" ] || continue
    sed -e 's/#.*//' "$f" | while read -r module args; do
      [ -n "$module" ] || continue
      step "modprobe $module ($f)"; modprobe "$module" $args 2>&1 | sed 's/^/  /'
    done
  done
fi
# sysctl --system: keys this host may not set (a namespace host cannot touch the machine's
# kernel.* settings; its /proc/sys is read-only there except net) fail one by one; the rest apply.
step "sysctl --system"; sysctl --system >/dev/null 2>&1 || step "  some keys were not applied"
if [ -x /usr/sbin/netfilter-persistent ]; then
  step "netfilter-persistent start"; netfilter-persistent start 2>&1 | sed 's/^/  /'
fi
if [ -r /etc/network/interfaces ]; then
  step "ifup -a"; ifup -a 2>&1 | sed 's/^/  /'
fi
if [ -x /etc/init.d/ipvsadm ]; then
  step "/etc/init.d/ipvsadm start"; /etc/init.d/ipvsadm start 2>&1 | sed 's/^/  /'
fi
for s in /etc/rc2.d/S*; do
  [ $services = yes ] && [ -x "$s" ] || continue
  case "${s##*/S[0-9][0-9]}" in
    netfilter-persistent|ipvsadm|networking|procps|ssh) continue ;; # done above, or the lab's own sshd
  esac
  step "$s start"; "$s" start 2>&1 | sed 's/^/  /'
done
step "done"

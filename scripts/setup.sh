#!/usr/bin/env bash
# Sets up a fresh Debian machine (as root) for lvsplay: the Debian packages the lab and the
# tests use, the npm dependencies, and the build. Idempotent; quick when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  openssh-server openssh-client sudo iproute2 iptables net-tools ifupdown procps iputils-ping
  ipvsadm keepalived netcat-openbsd busybox-static kmod cpio e2fsprogs qemu-system-x86
  ca-certificates git curl ansible-core
  # Ansible 7's collections (community.general, ansible.posix): the side-by-side tests compare
  # lvsplay's modprobe, timezone, mount, sysctl, authorized_key ... with theirs; python3-jmespath
  # is the pip test's package that Debian installed (both tools must leave it alone)
  ansible python3-jmespath
  # lab up --ha container: the directors' Debian root with systemd and Docker, their disks, the registry
  mmdebstrap qemu-utils docker-registry
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  # Keep package scripts from starting sshd/keepalived on this machine: the lab starts its own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The lab runs docker-registry itself, in its client host; the package's own service stays off.
  if [[ " ${missing[*]} " == *" docker-registry "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --quiet docker-registry.service 2>/dev/null || true
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
echo "setup: done"

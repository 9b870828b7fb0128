#!/bin/sh
# Run a command (e.g. the lab's e2e test) with a lab of its own: in a private network namespace
# and a private /run, the lab's bridge, namespaces (/run/netns) and owner file cannot collide
# with a lab that is already up on this machine, and no lab traffic can reach any real network.
#   scripts/lab/isolated.sh npx mocha --config .mocharc.json --import tsx --timeout 300000 test/e2e/lab/lab.test.ts
set -eu
[ "$(id -u)" = 0 ] || { echo "isolated.sh: needs root" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
exec unshare --net --mount --propagation private -- sh -c '
  set -e
  mount -t tmpfs -o mode=0755 lvsplay-isolated-run /run
  ip link set lo up
  exec "$@"
' isolated "$@"

#!/bin/sh
# The lab's keepalived image's entrypoint (/container/entrypoint.sh): Debian's keepalived, set up
# from the environment variables the osixia/keepalived image reads, so the tutorial's unit runs it
# unchanged. Lists (KEEPALIVED_UNICAST_PEERS, KEEPALIVED_VIRTUAL_IPS) are either osixia's
# "#PYTHON2BASH:['a','b']" form or a plain comma-separated list. The host's own addresses are left
# out of the peers: the tutorial gives every director the same list, itself included.
set -eu
IFACE=${KEEPALIVED_INTERFACE:-eth0}
PASSWORD=${KEEPALIVED_PASSWORD:-d0cker}
PRIORITY=${KEEPALIVED_PRIORITY:-150}
ROUTER_ID=${KEEPALIVED_ROUTER_ID:-51}
STATE=${KEEPALIVED_STATE:-BACKUP}
PEERS=${KEEPALIVED_UNICAST_PEERS:-}
VIPS=${KEEPALIVED_VIRTUAL_IPS:-}

# one item a line: strip the marker, brackets, quotes and blanks
items() { printf '%s\n' "${1#\#PYTHON2BASH:}" | tr -d "[]'\" " | tr ',' '\n' | grep -v '^$' || true; }
own=$(ip -o addr show | awk '{ split($4, a, "/"); print a[1] }')

{
  echo 'global_defs {'
  echo "    default_interface $IFACE"
  echo '}'
  echo 'vrrp_instance VI_1 {'
  echo "    interface $IFACE"
  echo "    state $STATE"
  echo "    virtual_router_id $ROUTER_ID"
  echo "    priority $PRIORITY"
  echo '    nopreempt'
  if [ -n "$PEERS" ]; then
    echo '    unicast_peer {'
    for p in $(items "$PEERS"); do
      printf '%s\n' "$own" | grep -qxF "$p" || echo "        $p"
    done
    echo '    }'
  fi
  echo '    virtual_ipaddress {'
  for v in $(items "$VIPS"); do echo "        $v"; done
  echo '    }'
  echo '    authentication {'
  echo '        auth_type PASS'
  echo "        auth_pass $PASSWORD"
  echo '    }'
  echo '}'
} > /etc/keepalived/keepalived.conf
echo "keepalived container: interface $IFACE, priority $PRIORITY, router id $ROUTER_ID, peers: $(items "$PEERS" | tr '\n' ' ')" >&2
exec keepalived --dont-fork --log-console --vrrp -f /etc/keepalived/keepalived.conf ${KEEPALIVED_COMMAND_LINE_ARGUMENTS:-}

# bench/playbook/bench.yaml as a pyinfra deploy: the same 13 steps, in the same order, with the
# same files and values, so `npm run bench` compares like with like. pyinfra has no
# changed_when; its shell operations always run, as the playbook's commands do.
from io import StringIO

from pyinfra import host, logger
from pyinfra.facts.server import Command
from pyinfra.operations import apt, files, server

BENCH_PORT = 8080
LVS_VIP = "10.77.0.50"
LVS_SYSCTL_FILE = "/etc/sysctl.d/90-lvsplay-bench-lvs-dr.conf"
LVS_NODE_INTERFACES_FILE = "/etc/network/interfaces.d/lvsplay-bench-lo0"

files.put(
    name="a file from content",
    src=StringIO(f"port={BENCH_PORT}\n"),
    dest="/etc/lvsplay-bench.conf",
    mode="644",
)
files.line(name="a line in a file", path="/etc/lvsplay-bench-limits.conf", line="nofile=4096")
server.sysctl(
    name="a sysctl",
    key="net.ipv4.conf.all.arp_ignore",
    value=1,
    persist=True,
    persist_file="/etc/sysctl.d/90-lvsplay-bench.conf",
)
apt.packages(name="a package check", packages=["iproute2"])
server.shell(name="a read-only command", commands=["cat /etc/lvsplay-bench.conf"])
files.template(
    name="a template",
    src="templates/motd.j2",
    dest="/etc/lvsplay-bench-motd",
    bench_port=BENCH_PORT,
)
server.shell(name="a service check", commands=["service ssh status || true"])

# The LVS node role as far as the playbook goes (no VIP on lo).
server.sysctl(
    name="Answer ARP only for addresses of the receiving interface",
    key="net.ipv4.conf.all.arp_ignore",
    value=1,
    persist=True,
    persist_file=LVS_SYSCTL_FILE,
)
server.sysctl(
    name="Announce only the interface's own addresses in ARP",
    key="net.ipv4.conf.all.arp_announce",
    value=2,
    persist=True,
    persist_file=LVS_SYSCTL_FILE,
)
files.line(
    name="Make /etc/network/interfaces source /etc/network/interfaces.d",
    path="/etc/network/interfaces",
    line=r"^\s*source(-directory)?\s+/etc/network/interfaces\.d",
    replace="source /etc/network/interfaces.d/*",
)
files.put(
    name="Bring lo:0 up with the VIP at boot",
    src=StringIO(
        "# Managed by lvsplay (node role): the LVS virtual IP on loopback, never announced.\n"
        "auto lo:0\n"
        "iface lo:0 inet static\n"
        f"    address {LVS_VIP}\n"
        "    netmask 255.255.255.255\n"
    ),
    dest=LVS_NODE_INTERFACES_FILE,
    mode="644",
)
# a read at deploy time, as the playbook's registered command; reported as its debug task is
if host.get_fact(Command, command="sysctl -n net.ipv4.conf.all.rp_filter").strip() == "1":
    logger.info(f"net.ipv4.conf.all.rp_filter is 1 (strict) on {host.name}")

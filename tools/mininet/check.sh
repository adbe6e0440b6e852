#!/usr/bin/env bash
# Runs tools/mininet/fabric.py under Mininet against the standalone host as the remote controller, and checks that
# every customer reaches its VIPs, initech does not reach archive, and acme keeps reaching archive after
# `link e1 core down`. Needs root, Mininet (Debian package mininet) and a built tools/standalone jar. Open vSwitch
# runs with the userspace datapath (datapath=user) on daemons of its own (OVS_RUNDIR in a temporary directory), so
# it needs no kernel module and leaves any system Open vSwitch alone; everything it starts is stopped by PID.
#
#   sudo tools/mininet/check.sh        # exits 0 when every check passed
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar="$root/tools/standalone/target/tenantnat-standalone.jar"
[ "$(id -u)" = 0 ] || { echo "mininet check: run as root" >&2; exit 2; }
command -v mn >/dev/null || { echo "mininet check: mn not found (apt-get install mininet)" >&2; exit 2; }
[ -f "$jar" ] || { echo "mininet check: build first: mvn -B -DskipTests package -pl tools/standalone -am" >&2; exit 2; }

work=$(mktemp -d -t tenantnat-mininet.XXXXXX)
export OVS_RUNDIR=$work/ovs OVS_LOGDIR=$work/ovs OVS_DBDIR=$work/ovs
mkdir -p "$OVS_RUNDIR"
host_pid=""
cleanup() {
    trap - EXIT INT TERM
    [ -z "$host_pid" ] || kill "$host_pid" 2>/dev/null || true
    for daemon in ovs-vswitchd ovsdb-server; do
        if [ -f "$OVS_RUNDIR/$daemon.pid" ]; then
            kill "$(cat "$OVS_RUNDIR/$daemon.pid")" 2>/dev/null || true
            for _ in $(seq 1 50); do [ -f "$OVS_RUNDIR/$daemon.pid" ] || break; sleep 0.1; done
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ovsdb-tool create "$OVS_DBDIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$OVS_DBDIR/conf.db" --remote="punix:$OVS_RUNDIR/db.sock" --pidfile --detach --log-file
ovs-vsctl --no-wait init
ovs-vswitchd "unix:$OVS_RUNDIR/db.sock" --pidfile --detach --log-file

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -jar "$jar" --config "$root/tools/examples/fabric.json" --openflow "127.0.0.1:$port" --http off \
    --state "$work/state" >"$work/host.log" 2>&1 &
host_pid=$!
sleep 5

# The CLI reads these from stdin; `sh sleep` lets LLDP find the links and the rules go in.
out=$(printf '%s\n' 'sh sleep 8' \
        'acme ping -c 3 -W 1 10.250.0.10' 'acme ping -c 3 -W 1 10.250.0.11' 'acme ping -c 3 -W 1 10.250.0.12' \
        'globex ping -c 3 -W 1 10.250.0.10' 'globex ping -c 3 -W 1 10.250.0.11' \
        'initech1 ping -c 3 -W 1 10.250.0.10' 'initech1 ping -c 2 -W 1 10.250.0.11' \
        'link e1 core down' 'sh sleep 1' 'acme ping -c 3 -W 1 10.250.0.11' 'exit' |
    timeout 300 mn --custom "$root/tools/mininet/fabric.py" --topo tenantnat-fabric \
        --switch ovs,protocols=OpenFlow13,datapath=user --controller "remote,ip=127.0.0.1,port=$port" 2>&1)
received=$(grep -o '[0-9]* received' <<<"$out" | awk '{print $1}' | tr '\n' ' ')
echo "mininet check: replies per ping run: $received"
# Expected: every granted VIP answers 3 of 3 (the 8th run, initech to archive, is not granted: 0), and acme to
# archive answers again after the link went down.
if [ "$received" = "3 3 3 3 3 3 0 3 " ]; then
    echo "mininet check: PASS"
    exit 0
fi
echo "mininet check: FAIL"
echo "$out" | tail -40
tail -20 "$work/host.log"
exit 1

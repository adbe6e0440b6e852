#!/usr/bin/env bash
# Self-test of the Open vSwitch lab, without the tenantnat controller: builds the demo lab,
# installs hand-written OpenFlow 1.3 flows that do what tenantnat will do (Nicira load: source
# rewrite of a whole prefix, VLAN pop/push across the trunk, return translation), sends ping,
# TCP and UDP from customer hosts to the VIP and checks the translated source the service saw;
# then restart-switch, a second lab at the same time with a stand-in controller, an interrupted
# 'up', and that 'down' leaves nothing behind. Prints PASS/FAIL per check and a closing
# "N passed, M failed" line; exits non-zero on any failure. Needs root and the packages in
# tools/lab/README.md. Runs in private run directories: a lab in tools/lab/run is not touched.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$HERE/lab.sh
SCENARIO=$HERE/../examples/demo-lab.json
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tenantnat-lab-selftest.XXXXXX")
A=$WORK/a
B=$WORK/b
C=$WORK/c
FAKECTL_PID=""
passed=0
failed=0

cleanup() {
    local run
    for run in "$A" "$B" "$C"; do
        "$LAB" --run-dir "$run" down >/dev/null 2>&1 || true
    done
    if [ -n "$FAKECTL_PID" ]; then kill "$FAKECTL_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

pass() {
    echo "PASS $1"
    passed=$((passed + 1))
}

fail() {
    echo "FAIL $1${2:+: $2}"
    failed=$((failed + 1))
}

# check NAME CMD...: PASS when CMD succeeds; its output is shown only on failure.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(tail -3 <<<"$out" | tr '\n' ' ')"; fi
}

lab_a() { "$LAB" --run-dir "$A" "$@"; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# One value from a lab's resolved description, e.g. lab_value "$A" mac initech.
lab_value() {
    "$LAB" --run-dir "$1" show | python3 -c '
import json, sys
lab = json.load(sys.stdin)
what, name = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
hosts = {h["name"]: h for h in lab["hosts"]}
if what == "mac":
    print(hosts[name]["interfaces"][0]["mac"])
elif what == "prefix":
    print(lab["prefix"])' "${@:2}"
}

# tcp_sees NAME HOST SOURCE [tcp|udp]: the service reports SOURCE as the sender.
tcp_sees() {
    local name=$1 host=$2 want=$3 proto=${4:-tcp} out
    if out=$(lab_a "$proto" "$host" 10.250.0.10 2>&1) && grep -q "^SEEN proto=$proto src=$want " <<<"$out"; then
        pass "$name (service saw $want)"
    else
        fail "$name" "wanted src=$want, got: $(head -1 <<<"$out")"
    fi
}

# The prefixes of this test's labs (tn<N>-), added as each lab claims one. Other labs on the machine (other tests,
# other users) come and go while this test runs, so only what carries one of these prefixes is looked at.
OURS=""

# What our labs left on the machine: namespaces, and root-namespace links, named with one of our prefixes.
machine_state() {
    { ip netns list | awk '{print "netns " $1}'; ip -o link | awk -F': ' '{print "link " $2}'; } | sort |
        while read -r kind name; do
            for p in $OURS; do
                if [[ $name == "$p"* ]]; then
                    echo "$kind $name"
                    break
                fi
            done
        done
}

note_prefix() { # note_prefix RUN: count the lab in RUN (when it claimed a prefix) as ours
    if [ -f "$1/prefix" ]; then OURS+=" $(cat "$1/prefix")"; fi
}

daemon_pids() {
    cat "$1"/ovs/*.pid "$1"/*.pid 2>/dev/null || true
}

none_alive() {
    local pid
    for pid in "$@"; do
        # A zombie has exited already; reaping it is up to its new parent.
        if kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; then
            echo "pid $pid still running: $(tr '\0' ' ' <"/proc/$pid/cmdline")"
            return 1
        fi
    done
}

nothing_left() { # PASS when none of our labs left a namespace or a link; prints what is left
    local left
    left=$(machine_state)
    [ -z "$left" ] || { echo "left:" $left; return 1; }
}

left_clean() { # left_clean PID...: none of the PIDs runs and the machine looks as before
    none_alive "$@" && nothing_left
}

flow_packets() { # flow_packets RUN MATCH: packets counted by the flows matching MATCH
    "$LAB" --run-dir "$1" dump-flows "$2" | sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' | awk '{s += $1} END {print s + 0}'
}

[ "$(id -u)" = 0 ] || { echo "FAIL selftest needs root"; exit 1; }

# 1. A scenario error is reported with exit status 2 and builds nothing.
cat >"$WORK/bad.json" <<'EOF'
{"tenants": [{"name": "acme", "kind": "host", "id": 1, "connectPoint": "of:0000000000000001/1",
              "routerIp": "10.1.1.10", "gatewayIp": "10.2.2.1"}]}
EOF
rc=0
out=$("$LAB" --run-dir "$C" up "$WORK/bad.json" 2>&1) || rc=$?
note_prefix "$C"
if [ "$rc" = 2 ] && grep -q 'tenants\[acme\].gatewayIp' <<<"$out" && nothing_left >/dev/null; then
    pass "invalid scenario: exit 2, field named, nothing built"
else
    fail "invalid scenario: exit 2, field named, nothing built" "rc=$rc $out"
fi

# 2. The demo lab, its controller on a closed loopback port.
CLOSED=$(free_port)
check "up demo lab (controller tcp:127.0.0.1:$CLOSED, closed)" lab_a up "$SCENARIO" --controller "tcp:127.0.0.1:$CLOSED" --serve
note_prefix "$A"
ports=$(lab_a ofctl show s1 | sed -n 's/^ \([0-9]*\)(\([^)]*\)).*/\1:\2/p' | sort -n | tr '\n' ' ')
if [ "$ports" = "1:s1-p1 2:s1-p2 3:s1-p3 10:s1-p10 " ]; then pass "OpenFlow ports pinned ($ports)"; else fail "OpenFlow ports pinned" "$ports"; fi
check "MAC of initech's WAN is deterministic" test "$(lab_a exec initech -- cat /sys/class/net/eth0/address)" = 02:01:00:03:00:01
check "TX checksum offload off in namespaces" bash -c "'$LAB' --run-dir '$A' exec acme -- ethtool -k eth0 | grep -qx 'tx-checksumming: off'"
check "switch table empty before any flow" test "$(lab_a dump-flows | grep -c priority= || true)" = 0

# 3. Hand-written tenantnat-like flows and the neighbours the controller would answer for.
GW=02:00:00:00:00:01
SVC=$(lab_value "$A" mac backup)
ROUTER=$(lab_value "$A" mac initech)
ACME=$(lab_value "$A" mac acme)
GLOBEX=$(lab_value "$A" mac globex)
for h in acme globex umbrella backup; do lab_a exec "$h" -- ip neigh replace 10.1.1.1 lladdr "$GW" dev eth0 nud permanent; done
lab_a exec initech -- ip neigh replace 192.168.100.1 lladdr "$GW" dev eth0 nud permanent
to_service="set_field:10.1.1.10->ip_dst,set_field:$GW->eth_src,set_field:$SVC->eth_dst,output:10"
from_service="load:0x0a0101->NXM_OF_IP_DST[8..31],set_field:10.250.0.10->ip_src,set_field:$GW->eth_src"
cat >"$WORK/flows" <<EOF
priority=100,in_port=2,ip,nw_src=10.1.1.0/24,nw_dst=10.250.0.10 actions=load:0x644002->NXM_OF_IP_SRC[8..31],$to_service
priority=100,in_port=1,dl_vlan=100,ip,nw_src=10.1.1.0/24,nw_dst=10.250.0.10 actions=pop_vlan,load:0x644000->NXM_OF_IP_SRC[8..31],$to_service
priority=100,in_port=1,dl_vlan=200,ip,nw_src=10.1.1.0/24,nw_dst=10.250.0.10 actions=pop_vlan,load:0x644001->NXM_OF_IP_SRC[8..31],$to_service
priority=100,in_port=10,ip,nw_dst=100.64.2.0/24 actions=$from_service,set_field:$ROUTER->eth_dst,output:2
priority=100,in_port=10,ip,nw_dst=100.64.0.0/24 actions=$from_service,set_field:$ACME->eth_dst,push_vlan:0x8100,set_field:4196->vlan_vid,output:1
priority=100,in_port=10,ip,nw_dst=100.64.1.0/24 actions=$from_service,set_field:$GLOBEX->eth_dst,push_vlan:0x8100,set_field:4296->vlan_vid,output:1
EOF
check "add hand-written flows" lab_a ofctl add-flows s1 "$WORK/flows"

check "ping initech-h1 (behind the router) -> VIP" lab_a ping initech-h1 10.250.0.10 --count 2
tcp_sees "tcp initech-h1 -> VIP, source rewritten by load:" initech-h1 100.64.2.10
tcp_sees "tcp initech-h2 -> VIP, host bits kept" initech-h2 100.64.2.11
tcp_sees "udp initech-h2 -> VIP" initech-h2 100.64.2.11 udp
tcp_sees "tcp acme (VLAN 100 on the trunk) -> VIP" acme 100.64.0.10
tcp_sees "tcp globex (VLAN 200, same address as acme) -> VIP" globex 100.64.1.10
check "tagged frames arrived on the trunk port (VLAN 100 and 200 flows hit)" \
    test "$(flow_packets "$A" dl_vlan=100)" -gt 0 -a "$(flow_packets "$A" dl_vlan=200)" -gt 0
rc=0
lab_a ping umbrella 10.250.0.10 --count 1 >/dev/null 2>&1 || rc=$?
if [ "$rc" != 0 ]; then pass "umbrella (no flows) cannot reach the VIP"; else fail "umbrella (no flows) cannot reach the VIP"; fi
check "echo server log holds the translated sources" \
    bash -c "'$LAB' --run-dir '$A' seen backup | grep -q 'src=100.64.2.10 ' && '$LAB' --run-dir '$A' seen backup | grep -q 'src=100.64.1.10 '"

# 4. restart-switch: new ovs-vswitchd, same bridge and port numbers, empty table.
old_pid=$(cat "$A/ovs/ovs-vswitchd.pid")
check "restart-switch" lab_a restart-switch
new_pid=$(cat "$A/ovs/ovs-vswitchd.pid")
ports=$(lab_a ofctl show s1 | sed -n 's/^ \([0-9]*\)(\([^)]*\)).*/\1:\2/p' | sort -n | tr '\n' ' ')
if [ "$old_pid" != "$new_pid" ] && [ "$ports" = "1:s1-p1 2:s1-p2 3:s1-p3 10:s1-p10 " ] &&
    [ "$(lab_a dump-flows | grep -c priority= || true)" = 0 ]; then
    pass "after restart: new pid, same ports, empty table"
else
    fail "after restart: new pid, same ports, empty table" "pid $old_pid->$new_pid ports $ports"
fi
rc=0
lab_a tcp initech-h1 10.250.0.10 --timeout 1 >/dev/null 2>&1 || rc=$?
if [ "$rc" != 0 ]; then pass "no traffic after restart until flows are back"; else fail "no traffic after restart until flows are back"; fi
lab_a ofctl add-flows s1 "$WORK/flows"
tcp_sees "tcp initech-h1 after flows re-added" initech-h1 100.64.2.10

# 5. A second lab at the same time, with a stand-in controller reached through the relay.
CTL=$(free_port)
python3 "$HERE/lib/fakectl.py" "$CTL" "$WORK/fakectl.pid" >"$WORK/fakectl.log" 2>&1 &
FAKECTL_PID=$!
for _ in $(seq 50); do [ -s "$WORK/fakectl.pid" ] && break; sleep 0.1; done
check "second lab up beside the first" "$LAB" --run-dir "$B" up "$SCENARIO" --controller "tcp:127.0.0.1:$CTL"
note_prefix "$B"
if [ "$(lab_value "$A" prefix)" != "$(lab_value "$B" prefix)" ]; then
    pass "labs got different prefixes ($(lab_value "$A" prefix), $(lab_value "$B" prefix))"
else
    fail "labs got different prefixes"
fi
check "second lab's switch connects to a controller on loopback" "$LAB" --run-dir "$B" wait-connected --timeout 20
check "restart-switch on the second lab" "$LAB" --run-dir "$B" restart-switch
check "switch reconnects after restart" "$LAB" --run-dir "$B" wait-connected --timeout 20
check "controller saw two connections" grep -q '^connected 2$' "$WORK/fakectl.log"
tcp_sees "first lab still forwards" initech-h2 100.64.2.11

# 6. down removes everything: namespaces, links, daemons; twice is fine.
pids=$(daemon_pids "$A") && pids+=" $(daemon_pids "$B")"
check "down first lab" lab_a down
check "down second lab" "$LAB" --run-dir "$B" down
check "down again is a no-op" lab_a down
# shellcheck disable=SC2086 # one PID per word
check "no lab process left (ovsdb-server, ovs-vswitchd, relay, echo server)" none_alive $pids
check "no namespace or link left" nothing_left

# 7. An 'up' killed half-way is cleaned up by 'down'.
"$LAB" --run-dir "$C" up "$SCENARIO" --controller "tcp:127.0.0.1:$CLOSED" >/dev/null 2>&1 &
up_pid=$!
for _ in $(seq 200); do [ -s "$C/ovs/ovs-vswitchd.pid" ] && break; sleep 0.05; done
note_prefix "$C"
{
    kill -KILL "$up_pid" || true
    wait "$up_pid" || true
} 2>/dev/null # not bash's "Killed" job notice
sleep 1
pids=$(daemon_pids "$C")
if [ -n "$pids" ] && ! nothing_left >/dev/null; then
    pass "interrupted up left a partial lab"
else
    fail "interrupted up left a partial lab" "nothing to clean: the test did not interrupt in time"
fi
check "down after interrupted up" "$LAB" --run-dir "$C" down
# shellcheck disable=SC2086
check "nothing left after interrupted up" left_clean $pids

echo "lab selftest: $passed passed, $failed failed"
[ "$failed" = 0 ]

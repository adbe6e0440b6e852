#!/usr/bin/env bash
# The fabric demo: customers on two edge switches, all using 10.1.1.10, reach services behind a third switch through
# a core switch; translated once at their edge, routed in between. Builds, starts the four-switch Open vSwitch lab
# and the standalone host (which finds the links by LLDP), sends ICMP, TCP and UDP from every customer host to each
# of its VIPs, prints what the services saw, then takes the link e1-core down and shows acme's traffic moving to the
# redundant link, and brings it back.
#
#   sudo tools/demo-fabric.sh [--check]
#
# Without --check it keeps running for you to explore (REST and GUI on 127.0.0.1:8181, credentials printed); Ctrl-C
# tears everything down. With --check it exits 0 when every customer reached every VIP it was granted with every
# protocol, reached nothing else, and acme kept reaching archive across the link going down.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=demo-fabric
. "$root/tools/lib/demo.sh"
config="$root/tools/examples/fabric.json"
scenario="$root/tools/examples/fabric-lab.json"
check=false
while [ $# -gt 0 ]; do
    case "$1" in
        --check) check=true ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "demo-fabric: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
demo_prepare "it creates network namespaces and Open vSwitch bridges" tenantnat-fabric
api="http://127.0.0.1:$http_port/onos/tenantnat"

echo "demo-fabric: standalone host on OpenFlow tcp:127.0.0.1:$of_port, http 127.0.0.1:$http_port, log $run/host.log"
demo_start "$config" "$scenario" "127.0.0.1:$of_port" "tcp:127.0.0.1:$of_port"

get() { curl -sfu "$credentials" "$api$1"; }

# Every intent INSTALLED means every switch of every path confirmed its rules (links are found within seconds).
for _ in $(seq 1 60); do
    if get /intents 2>/dev/null | python3 -c 'import json,sys; i=json.load(sys.stdin)["intents"]
sys.exit(0 if i and all(x["state"] == "INSTALLED" for x in i) else 1)'; then break; fi
    sleep 1
done

echo
echo "Links between the switches (GET /topology):"
get /topology | python3 -c '
import json, sys
for l in json.load(sys.stdin)["links"]:
    print("  %-24s <-> %-24s %-7s %s" % (l["src"], l["dst"], l["state"], l.get("reason", "")))'

# One row per customer host and VIP it was granted: tenant, host, address, its switch, VIP, service.
mapfile -t rows < <(python3 - "$config" "$TENANTNAT_LAB_RUN_DIR/lab.json" <<'EOF'
import json, sys
desired = json.load(open(sys.argv[1]))
lab = json.load(open(sys.argv[2]))
tenants = {t["name"]: t for t in desired["tenants"]}
for h in lab["hosts"]:
    if h["role"] not in ("tenant-host", "lan-host"):
        continue
    t = tenants[h["tenant"]]
    addr = h["interfaces"][0]["address"].split("/")[0]
    edge = t["connectPoint"].split("/")[0]
    for a in t["access"]:
        print(t["name"], h["name"], addr, edge[-1], a["vip"], a["service"])
EOF
)

intent_state() {
    get "/intents/$1/$2" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])' \
        2>/dev/null || echo "-"
}

failures=0
printf '\n%-8s %-11s %-10s %-5s %-12s %-8s %-22s %-5s %-5s %-5s %s\n' TENANT HOST ADDRESS EDGE VIP SERVICE \
    "SERVICE SAW" ICMP TCP UDP INTENT
for row in "${rows[@]}"; do
    read -r tenant host addr edge vip service <<<"$row"
    icmp=FAIL; tcp=FAIL; udp=FAIL; seen="-"
    "$lab" ping "$host" "$vip" --count 2 --timeout 2 >/dev/null 2>&1 && icmp=ok
    if out=$("$lab" tcp "$host" "$vip" --timeout 3 2>/dev/null); then
        tcp=ok
        seen=$(sed -n 's/.*SEEN proto=tcp src=\([0-9.]*\).*service=\([a-z]*\).*/\1 at \2/p' <<<"$out" | head -1)
        [[ $seen == *" at $service" ]] || tcp=WRONG
    fi
    "$lab" udp "$host" "$vip" --timeout 3 >/dev/null 2>&1 && udp=ok
    intent=$(intent_state "$tenant" "$service")
    for r in $icmp $tcp $udp; do [ "$r" = ok ] || failures=$((failures + 1)); done
    [ "$intent" = INSTALLED ] || failures=$((failures + 1))
    printf '%-8s %-11s %-10s %-5s %-12s %-8s %-22s %-5s %-5s %-5s %s\n' "$tenant" "$host" "$addr" "e$edge" "$vip" \
        "$service" "$seen" $icmp $tcp $udp "$intent"
done

echo
echo "Nothing else is reachable (each must fail):"
for probe in "initech-h1 10.250.0.11 archive, not granted to initech" "globex 10.250.0.12 reports, not granted to globex" \
             "acme 100.64.1.10 globex's translated address" "globex 10.9.0.10 backup's real address"; do
    read -r host dst why <<<"$probe"
    if "$lab" ping "$host" "$dst" --count 2 --timeout 1 >/dev/null 2>&1; then
        result=REACHED; failures=$((failures + 1))
    else
        result="no reply"
    fi
    printf '  %-11s -> %-12s %-9s (%s)\n' "$host" "$dst" "$result" "$why"
done

echo
echo "Link e1-core goes down while acme pings archive every 10 ms:"
"$lab" exec acme -- ping -n -i 0.01 -c 300 -W 1 10.250.0.11 >"$run/ping.txt" 2>&1 &
ping_pid=$!
sleep 1
"$lab" link down of:0000000000000001/10 >/dev/null
wait "$ping_pid" || true
lost=$(python3 - "$run/ping.txt" <<'EOF'
import re, sys
seqs = {int(s) for s in re.findall(r"icmp_seq=(\d+)", open(sys.argv[1]).read())}
run = longest = 0
for s in range(1, 301):
    run = 0 if s in seqs else run + 1
    longest = max(longest, run)
print("%d %d" % (len(seqs), longest))
EOF
)
read -r answered in_a_row <<<"$lost"
if out=$("$lab" tcp acme 10.250.0.11 --timeout 3 2>/dev/null); then
    echo "  $answered of 300 answered, at most $in_a_row lost in a row (~$((in_a_row * 10)) ms); acme now reaches archive over e1-e2-core"
else
    echo "  acme lost archive after the link went down"; failures=$((failures + 1))
fi
"$lab" link up of:0000000000000001/10 >/dev/null
sleep 3
"$lab" ping acme 10.250.0.11 --count 2 --timeout 1 >/dev/null 2>&1 && echo "  link back up: acme's path returns to the core" \
    || { echo "  acme lost archive after the link came back"; failures=$((failures + 1)); }

if $check; then
    demo_verdict "$failures"
fi
cat <<EOT

demo-fabric: running. Open the Tenant NAT view at http://127.0.0.1:$http_port/ (user and password: $credentials),
or try:
  curl -su '$credentials' $api/topology
  TENANTNAT_LAB_RUN_DIR=$run/lab $lab link down of:0000000000000001/10
  TENANTNAT_LAB_RUN_DIR=$run/lab $lab dump-flows core
Ctrl-C tears everything down.
EOT
wait "$host_pid"

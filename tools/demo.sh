#!/usr/bin/env bash
# The main job: three-plus customers that all use 10.1.1.0/24 reach one shared service through a real Open vSwitch
# programmed by the standalone host. Builds, starts the lab and the host, sends ICMP, TCP and UDP from every
# tenant host to its VIP and prints what the service saw.
#
#   sudo tools/demo.sh [--check] [--rewrite auto|prefix|per-host] [--tls]
#
# Without --check it keeps running for you to explore (REST on 127.0.0.1:8181, credentials printed); Ctrl-C tears
# everything down. With --check it exits 0 when every tenant host reached its VIP with every protocol.
# With --tls both channels run over TLS: the switch connects to ssl: with ovs-pki certificates, REST is HTTPS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
me=demo
. "$root/tools/lib/demo.sh"
config="$root/tools/examples/demo.json"
scenario="$root/tools/examples/demo-lab.json"
check=false
rewrite=auto
tls=false
while [ $# -gt 0 ]; do
    case "$1" in
        --check) check=true ;;
        --rewrite) rewrite=${2:?--rewrite needs auto, prefix or per-host}; shift ;;
        --tls) tls=true ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "demo: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
demo_prepare "it creates network namespaces and an Open vSwitch" tenantnat-demo

transport=tcp
scheme=http
tls_args=()
curl_tls=()
if $tls; then
    # The lab's PKI (ovs-pki): the switch's and the controller's certificates, and one for HTTPS on 127.0.0.1.
    declare -A pki
    while IFS='=' read -r name file; do pki[$name]=$file; done < <("$lab" pki)
    transport=ssl
    scheme=https
    tls_args=(--openflow-key "${pki[controller-key]}" --openflow-cert "${pki[controller-cert]}"
              --openflow-ca "${pki[switch-ca]}" --http-key "${pki[https-key]}" --http-cert "${pki[https-cert]}")
    curl_tls=(--cacert "${pki[controller-ca]}")
fi
api="$scheme://127.0.0.1:$http_port/onos/tenantnat"

started=$(date +%s.%N)
echo "demo: standalone host on OpenFlow $transport:127.0.0.1:$of_port, $scheme 127.0.0.1:$http_port, log $run/host.log"
openflow="127.0.0.1:$of_port"
$tls && openflow="ssl:$openflow"
demo_start "$config" "$scenario" "$openflow" "$transport:127.0.0.1:$of_port" --rewrite "$rewrite" "${tls_args[@]}"

vip=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["tenants"][0]["access"][0]["vip"])' "$config")
mapfile -t hosts < <("$lab" show | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hosts"]:
    if h["role"] in ("tenant-host", "lan-host"):
        addr = next(i["address"] for i in h["interfaces"] if i.get("address"))
        print(h["tenant"], h["name"], addr.split("/")[0])
')

# First reply: how long from starting the host until the first tenant host hears back from its VIP.
first_reply=""
read -r _ first_host _ <<<"${hosts[0]}"
for _ in $(seq 1 60); do
    if "$lab" ping "$first_host" "$vip" --count 1 --timeout 1 >/dev/null 2>&1; then
        first_reply=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" \
                      "$started" "$(date +%s.%N)")
        break
    fi
done

intent_state() {
    curl -sfu "$credentials" "${curl_tls[@]}" "$api/intents" | python3 -c '
import json, sys
states = {i["tenant"]: i["state"] for i in json.load(sys.stdin)["intents"]}
print(states.get(sys.argv[1], "-"))' "$1" 2>/dev/null || echo "-"
}

failures=0
printf '\n%-10s %-12s %-10s %-13s %-16s %-5s %-5s %-5s %s\n' TENANT HOST ADDRESS VIP "SERVICE SAW" ICMP TCP UDP INTENT
for entry in "${hosts[@]}"; do
    read -r tenant host addr <<<"$entry"
    icmp=FAIL; tcp=FAIL; udp=FAIL; seen="-"
    "$lab" ping "$host" "$vip" --count 2 --timeout 2 >/dev/null 2>&1 && icmp=ok
    if out=$("$lab" tcp "$host" "$vip" --timeout 3 2>/dev/null); then
        tcp=ok
        seen=$(sed -n 's/.*SEEN proto=tcp src=\([0-9.]*\).*/\1/p' <<<"$out" | head -1)
    fi
    "$lab" udp "$host" "$vip" --timeout 3 >/dev/null 2>&1 && udp=ok
    intent=$(intent_state "$tenant")
    for r in $icmp $tcp $udp; do [ "$r" = ok ] || failures=$((failures + 1)); done
    [ "$intent" = INSTALLED ] || failures=$((failures + 1))
    printf '%-10s %-12s %-10s %-13s %-16s %-5s %-5s %-5s %s\n' "$tenant" "$host" "$addr" "$vip" "$seen" \
        $icmp $tcp $udp "$intent"
done
echo
if [ -n "$first_reply" ]; then
    echo "demo: first reply ${first_reply} s after the host started"
else
    echo "demo: no reply within 60 s; host log: $run/host.log"
fi

if $check; then
    demo_verdict "$failures"
fi
cat <<EOT
demo: running. Open the Tenant NAT view at $scheme://127.0.0.1:$http_port/ (user and password: $credentials), or try:
  curl -su '$credentials' ${curl_tls[*]} $api/translations
  curl -su '$credentials' ${curl_tls[*]} $api/metrics
  TENANTNAT_LAB_RUN_DIR=$run/lab $lab tcp initech-h2 $vip
  TENANTNAT_LAB_RUN_DIR=$run/lab $lab dump-flows
Ctrl-C tears everything down.
EOT
wait "$host_pid"

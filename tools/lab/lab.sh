#!/usr/bin/env bash
# tenantnat Open vSwitch lab: builds a userspace-datapath OVS switch, customer and service
# namespaces from a lab scenario, drives traffic through it, and tears it all down.
# Everything a lab creates lives in network namespaces named <prefix>* (prefix tn<N>-, recorded
# in the run directory) and in processes whose pidfiles are in the run directory.
# Run "lab.sh help" for the commands; tools/lab/README.md explains the scenario format.
set -euo pipefail

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB=$LAB_HOME/lib
OVS_SCHEMA=${OVS_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
DEFAULT_SERVE_PORT=7000
RUN=""

usage() {
    cat <<'EOF'
usage: lab.sh [--run-dir DIR] COMMAND [ARGS]

  up SCENARIO [--controller tcp:IP:PORT|ssl:IP:PORT|none] [--serve [--port N]] [--keep-on-failure]
                                 build the lab (controller defaults to the scenario's); ssl: makes
                                 the switch use the lab's certificates (see pki)
  down [--prefix tnN-]           remove everything the lab in DIR created (idempotent);
                                 --prefix: a lab whose run directory is gone
  status                         what exists: daemons, namespaces, bridges, controller link
  show                           the resolved lab (JSON: hosts, namespaces, MACs, ports)
  env                            export lines for ovs-vsctl/ovs-ofctl/ovs-appctl on this lab
  exec HOST -- CMD [ARGS...]     run CMD in HOST's namespace (HOST 'switch': the OVS namespace)
  ping HOST DST [--count N] [--timeout S]
  tcp HOST DST [PORT] [--timeout S] [--message TEXT] [--sport N]
  udp HOST DST [PORT] [--timeout S] [--message TEXT] [--sport N]
                                 one connection/datagram; prints the service's reply
  udp-many HOST DST [PORT] --count N [--timeout S] [--sport FIRST]
                                 one datagram from each of N sockets (from ports FIRST..FIRST+N-1)
  upload|download HOST DST [PORT] --bytes N [--timeout S]
                                 move N bytes over one TCP connection to / from the echo server
  serve [SERVICE...] [--port N]  start the who-am-I echo server (default: every service, port 7000)
  seen [SERVICE]                 what the echo server saw (one SEEN line per connection/datagram)
  dump-flows [SWITCH] [MATCH]    ovs-ofctl -O OpenFlow13 dump-flows on a lab switch
  ofctl ARGS...                  ovs-ofctl -O OpenFlow13 ARGS on this lab
  vsctl ARGS...                  ovs-vsctl ARGS on this lab's database
  appctl ARGS...                 ovs-appctl ARGS (target ovs-vswitchd by default: -t ovs-vswitchd)
  restart-switch                 restart ovs-vswitchd only (database kept, flow tables empty)
  bounce-switch SWITCH           one switch drops its controller and table, then connects again
  link down|up SWITCH/PORT       take a link between switches down (both ends lose carrier) or up
  wait-connected [--timeout S]   wait until every lab switch is connected to its controller
  pki [--dir DIR]                create (once) an ovs-pki PKI in DIR (default RUN/pki): switch and
                                 controller certificates, and an HTTPS certificate for 127.0.0.1;
                                 prints NAME=PATH lines (switch-key, controller-cert, switch-ca, ...)

DIR defaults to $TENANTNAT_LAB_RUN_DIR, else tools/lab/run. Exit status: 0 ok, 1 failure,
2 bad usage or invalid scenario.
EOF
}

die() {
    echo "lab: $*" >&2
    exit 1
}

usage_error() {
    echo "lab: $*" >&2
    echo "run 'lab.sh help' for usage" >&2
    exit 2
}

need() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || die "$c not found: run tools/install-deps.sh (see tools/lab/README.md)"
    done
}

# need_value "$@": the option in $1 must be followed by a value.
need_value() {
    [ $# -ge 2 ] || usage_error "$1 needs a value"
}

set_run_dir() {
    mkdir -p "$1" || die "cannot create run directory $1"
    RUN=$(cd "$1" && pwd)
    export OVS_RUNDIR=$RUN/ovs OVS_LOGDIR=$RUN/ovs OVS_DBDIR=$RUN/ovs
}

lab_up() {
    [ -f "$RUN/prefix" ]
}

require_lab() {
    lab_up || die "no lab is up in $RUN (run 'lab.sh up SCENARIO' first)"
    [ -f "$RUN/lab.json" ] || die "the lab in $RUN is incomplete (up failed or was interrupted): run 'lab.sh down'"
}

prefix() {
    cat "$RUN/prefix"
}

query() {
    python3 "$LIB/scenario.py" get "$RUN/lab.json" "$@"
}

# Runs a command inside one of this lab's namespaces.
in_ns() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@"
}

# Records what is about to be created, before creating it, so 'down' finds it even if 'up' dies.
journal() {
    [ -f "$RUN/journal" ] && grep -qxF -- "$*" "$RUN/journal" || echo "$*" >>"$RUN/journal"
}

pid_alive() {
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# Tells whether PID is still the program we started (guards against a recycled PID).
pid_is() {
    local pid=$1 what=$2
    pid_alive "$pid" && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$what"
}

pidfile_pid() {
    local pid=""
    if [ -f "$1" ]; then read -r pid <"$1" 2>/dev/null || true; fi
    case $pid in '' | *[!0-9]*) echo "" ;; *) echo "$pid" ;; esac
}

# Stops the daemon whose pidfile is $1 (program $2): TERM, wait until it is gone (OVS removes its
# pidfile on the way out), KILL if it ignored TERM for 5 s.
stop_pidfile() {
    local pidfile=$1 what=$2 pid i
    pid=$(pidfile_pid "$pidfile")
    if pid_is "$pid" "$what"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            pid_is "$pid" "$what" || break
            sleep 0.05
        done
        if pid_is "$pid" "$what"; then
            echo "lab: $what (pid $pid) ignored TERM for 5 s, killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
            for ((i = 0; i < 40; i++)); do
                pid_alive "$pid" || break
                sleep 0.05
            done
        fi
    fi
    rm -f "$pidfile"
}

# Waits up to $2 seconds for pidfile $1 to name a live process; $3 names the program.
wait_pidfile() {
    local pidfile=$1 seconds=$2 what=$3 i
    for ((i = 0; i < seconds * 20; i++)); do
        pid_is "$(pidfile_pid "$pidfile")" "$what" && return 0
        sleep 0.05
    done
    return 1
}

# Namespace-wide settings: loopback up, IPv6 off so the only traffic is what tests send (and ARP).
prepare_ns() {
    local ns=$1
    ip -n "$ns" link set lo up
    # shellcheck disable=SC2016 # $f expands in the namespace's shell
    in_ns "$ns" sh -c 'for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6; do
        [ ! -w "$f" ] || echo 1 >"$f"; done'
}

add_netns() {
    local ns=$1
    journal "netns $ns"
    ip netns add "$ns" || die "cannot create namespace $ns"
    prepare_ns "$ns"
}

# Both ends of a veth: TX checksum offload off (else TCP through the userspace datapath
# silently fails) and GRO off (OVS must see the frames as they were sent).
no_offload() {
    in_ns "$1" ethtool -K "$2" tx off gro off >/dev/null 2>&1 ||
        in_ns "$1" ethtool -K "$2" tx off >/dev/null ||
        die "ethtool -K $2 tx off failed in $1"
}

vsctl() {
    ovs-vsctl --timeout=20 "$@"
}

# The userspace datapath reads each port through an AF_PACKET socket that gets the kernel's default receive buffer
# (net.core.rmem_default, 208 KiB: a few hundred small frames). Its one main thread reads the ports, handles upcalls
# and every OpenFlow message; when it waits for a core a burst overflows the buffer and frames vanish uncounted (a
# kernel or DPDK datapath has no such socket). A port is therefore added with the default raised to
# PORT_RCVBUF, and the default is put back at once; the lock keeps two labs from restoring each other's value.
PORT_RCVBUF=8388608
RMEM_DEFAULT=/proc/sys/net/core/rmem_default

with_port_buffers() {
    local before rc=0
    if [ ! -w "$RMEM_DEFAULT" ]; then
        "$@"
        return
    fi
    exec 8>"${TMPDIR:-/tmp}/tenantnat-lab-port-buffers.lock"
    flock 8
    before=$(cat "$RMEM_DEFAULT")
    [ "$before" -ge "$PORT_RCVBUF" ] || echo "$PORT_RCVBUF" >"$RMEM_DEFAULT"
    "$@" || rc=$?
    echo "$before" >"$RMEM_DEFAULT"
    exec 8>&-
    return "$rc"
}

run_step() {
    local kind=$1
    shift
    case $kind in
    ovs-switch) # BRIDGE DPID CONTROLLER
        # The bridge is born with its controller, so nothing can install a flow before it
        # (setting the first controller flushes the table). max_backoff=1000 asks for 1 s
        # retries, but OVS 3.1 creates the connection with an 8 s maximum and keeps it
        # (measured): start the controller before 'up' for an immediate first connection.
        local with_controller=()
        if [ "$3" != none ]; then
            with_controller=(-- set bridge "$1" controller=@c
                -- --id=@c create controller target="\"$3\"" connection-mode=out-of-band max_backoff=1000)
        fi
        vsctl add-br "$1" -- set bridge "$1" datapath_type=netdev fail_mode=secure protocols=OpenFlow13 \
            other-config:datapath-id="$2" other-config:disable-in-band=true "${with_controller[@]}" >/dev/null
        ;;
    ovs-trunk) # BRIDGE: a plain learning switch that stands in for the customer-side VLAN trunk
        vsctl add-br "$1" -- set bridge "$1" datapath_type=netdev fail_mode=standalone
        ;;
    netns) add_netns "$1" ;;
    forward) in_ns "$1" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward' ;;
    lan-bridge) # NS NAME MAC
        ip -n "$1" link add "$2" address "$3" type bridge forward_delay 0
        ip -n "$1" link set "$2" up
        ;;
    link) # NS IF_A IF_B: a link between two lab switches, both ends in the switch namespace
        ip -n "$1" link add "$2" type veth peer name "$3"
        no_offload "$1" "$2"
        no_offload "$1" "$3"
        ip -n "$1" link set "$2" up
        ip -n "$1" link set "$3" up
        ;;
    veth) # NS_A IF_A MAC_A NS_B IF_B
        ip -n "$1" link add "$2" address "$3" type veth peer name "$5" netns "$4"
        no_offload "$1" "$2"
        no_offload "$4" "$5"
        ip -n "$1" link set "$2" up
        ip -n "$4" link set "$5" up
        ;;
    enslave) ip -n "$1" link set "$2" master "$3" ;;
    addr) ip -n "$1" addr add "$3" dev "$2" ;;
    route) ip -n "$1" route add "$2" via "$3" ;;
    route-dev) ip -n "$1" route add "$2" dev "$3" ;;
    mtu) ip -n "$1" link set "$2" mtu "$3" ;;
    proxy-arp) # NS IF: answer ARP for addresses routed out of another interface, at once
        in_ns "$1" sh -c "echo 1 >/proc/sys/net/ipv4/conf/$2/proxy_arp && echo 0 >/proc/sys/net/ipv4/neigh/$2/proxy_delay"
        ;;
    ovs-port) with_port_buffers vsctl add-port "$1" "$2" -- set interface "$2" ofport_request="$3" ;;
    ovs-access) with_port_buffers vsctl add-port "$1" "$2" tag="$3" ;;
    ovs-patch) # BRIDGE IF PEER OFPORT|-
        if [ "$4" = - ]; then
            vsctl add-port "$1" "$2" -- set interface "$2" type=patch options:peer="$3"
        else
            vsctl add-port "$1" "$2" -- set interface "$2" type=patch options:peer="$3" ofport_request="$4"
        fi
        ;;
    *) die "internal error: unknown plan step '$kind'" ;;
    esac
}

start_ovsdb() {
    local swns=$1
    rm -f "$OVS_DBDIR/conf.db"
    ovsdb-tool create "$OVS_DBDIR/conf.db" "$OVS_SCHEMA" || die "ovsdb-tool create failed (schema $OVS_SCHEMA)"
    journal "pidfile $OVS_RUNDIR/ovsdb-server.pid ovsdb-server"
    in_ns "$swns" ovsdb-server "$OVS_DBDIR/conf.db" --remote="punix:$OVS_RUNDIR/db.sock" \
        --pidfile --detach --log-file </dev/null >>"$OVS_LOGDIR/daemons.out" 2>&1 ||
        die "ovsdb-server did not start: see $OVS_LOGDIR/ovsdb-server.log"
    vsctl --no-wait init >/dev/null
}

start_vswitchd() {
    local swns=$1
    journal "pidfile $OVS_RUNDIR/ovs-vswitchd.pid ovs-vswitchd"
    in_ns "$swns" ovs-vswitchd "unix:$OVS_RUNDIR/db.sock" --pidfile --detach --log-file \
        </dev/null >>"$OVS_LOGDIR/daemons.out" 2>&1 ||
        die "ovs-vswitchd did not start: see $OVS_LOGDIR/ovs-vswitchd.log"
}

# The lab's PKI (ovs-pki): switch and controller certificates signed by ovs-pki's switchca and controllerca,
# and an HTTPS certificate for 127.0.0.1/localhost signed by controllerca (ovs-pki's certificates carry no
# subjectAltName, which HTTPS clients check). Created once per directory; prints where everything is.
cmd_pki() {
    local dir=$RUN/pki
    while [ $# -gt 0 ]; do
        case $1 in
        --dir) need_value "$@"; dir=$2; shift 2 ;;
        *) usage_error "pki: unknown argument $1" ;;
        esac
    done
    need ovs-pki openssl
    mkdir -p "$dir" || die "cannot create $dir"
    dir=$(cd "$dir" && pwd)
    if [ ! -f "$dir/https-cert.pem" ]; then
        (
            cd "$dir"
            ovs-pki --dir="$dir/ca" --log="$dir/ovs-pki.log" --force init >/dev/null 2>&1
            ovs-pki --dir="$dir/ca" --log="$dir/ovs-pki.log" --force req+sign switch switch >/dev/null 2>&1
            ovs-pki --dir="$dir/ca" --log="$dir/ovs-pki.log" --force req+sign controller controller >/dev/null 2>&1
            openssl req -newkey rsa:2048 -nodes -keyout https-privkey.pem -subj "/CN=127.0.0.1" \
                -out https-req.pem 2>>"$dir/openssl.log"
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >https-ext.cnf
            openssl x509 -req -in https-req.pem -CA ca/controllerca/cacert.pem \
                -CAkey ca/controllerca/private/cakey.pem -CAcreateserial -CAserial https-serial.srl \
                -days 3650 -extfile https-ext.cnf -out https-cert.pem 2>>"$dir/openssl.log"
        ) || die "could not create the PKI in $dir: see $dir/ovs-pki.log and $dir/openssl.log"
    fi
    cat <<EOT
switch-key=$dir/switch-privkey.pem
switch-cert=$dir/switch-cert.pem
controller-key=$dir/controller-privkey.pem
controller-cert=$dir/controller-cert.pem
switch-ca=$dir/ca/switchca/cacert.pem
controller-ca=$dir/ca/controllerca/cacert.pem
https-key=$dir/https-privkey.pem
https-cert=$dir/https-cert.pem
EOT
}

# Gives the switch its certificate and the CA it checks the controller's against (ssl: controllers).
use_pki() {
    cmd_pki >/dev/null
    vsctl set-ssl "$RUN/pki/switch-privkey.pem" "$RUN/pki/switch-cert.pem" "$RUN/pki/ca/controllerca/cacert.pem"
}

# The switch's controller connection leaves the switch namespace through lib/relay.py (a TCP relay: TLS passes
# through it unchanged).
start_relay() {
    local swns=$1 controller=$2 target port
    target=${controller#*:}
    port=${target##*:}
    journal "pidfile $RUN/relay.pid relay.py"
    # fd 3 is this (the caller's) network namespace: where the controller is reached.
    in_ns "$swns" setsid python3 "$LIB/relay.py" --listen "127.0.0.1:$port" --upstream "$target" \
        --upstream-netns-fd 3 --pidfile "$RUN/relay.pid" 3</proc/self/ns/net </dev/null >>"$RUN/relay.log" 2>&1 &
    wait_pidfile "$RUN/relay.pid" 5 relay.py || die "controller relay did not start: see $RUN/relay.log"
}

claim_prefix() {
    local lockfile=${TMPDIR:-/tmp}/tenantnat-lab.lock lockfd n existing
    exec {lockfd}>"$lockfile"
    flock -w 30 "$lockfd" || die "could not lock $lockfile"
    existing=$(ip netns list | awk '{print $1}')
    for ((n = 1; n < 1000; n++)); do
        grep -q "^tn$n-" <<<"$existing" || break
    done
    ((n < 1000)) || die "no free lab prefix tn1-..tn999-: remove old labs"
    echo "tn$n-" >"$RUN/prefix"
    add_netns "tn$n-sw"
    exec {lockfd}>&-
}

# Checks that OVS gave every port the OpenFlow number the scenario asked for.
check_ofports() {
    local bridge ifname want got
    while read -r bridge ifname want; do
        got=$(vsctl get interface "$ifname" ofport)
        [ "$got" = "$want" ] || die "port $ifname on $bridge got OpenFlow port $got, not $want"
    done < <(python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["switches"]:
    for p in s["ports"]: print(s["bridge"], p["interface"], p["ofport"])' "$RUN/lab.json")
}

UP_DONE=0
KEEP_ON_FAILURE=0

up_failed() {
    local rc=$1
    [ "$UP_DONE" = 1 ] && return 0
    if [ "$KEEP_ON_FAILURE" = 1 ]; then
        echo "lab: up failed; partial lab kept for inspection in $RUN ('lab.sh down' removes it)" >&2
    else
        echo "lab: up failed; removing what was built (use --keep-on-failure to inspect it)" >&2
        cmd_down >/dev/null || true
    fi
    exit "$((rc == 0 ? 1 : rc))"
}

cmd_up() {
    local scenario="" controller=- serve=0 port=$DEFAULT_SERVE_PORT swns step
    while [ $# -gt 0 ]; do
        case $1 in
        --controller) [ $# -ge 2 ] || usage_error "--controller needs a value"; controller=$2; shift 2 ;;
        --serve) serve=1; shift ;;
        --port) [ $# -ge 2 ] || usage_error "--port needs a value"; port=$2; shift 2 ;;
        --keep-on-failure) KEEP_ON_FAILURE=1; shift ;;
        -*) usage_error "up: unknown option $1" ;;
        *) [ -z "$scenario" ] || usage_error "up: one scenario only"; scenario=$1; shift ;;
        esac
    done
    [ -n "$scenario" ] || usage_error "up: which scenario? (e.g. tools/examples/demo-lab.json)"
    [ -f "$scenario" ] || usage_error "up: scenario $scenario not found"
    need ip ethtool flock python3 ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl
    [ -f "$OVS_SCHEMA" ] || die "OVS schema $OVS_SCHEMA not found (is openvswitch-switch installed?)"
    python3 "$LIB/scenario.py" check "$scenario" || exit 2
    if [ "$controller" != - ] && [ "$controller" != none ] &&
        ! [[ $controller =~ ^(tcp|ssl):[0-9.]+:[0-9]+$ ]]; then
        usage_error "--controller must be tcp:IP:PORT, ssl:IP:PORT or none, not '$controller'"
    fi
    if lab_up; then
        if [ -n "$(lab_namespaces)" ]; then
            die "a lab (prefix $(prefix)) is already up in $RUN: run 'lab.sh --run-dir $RUN down' first"
        fi
        cmd_down >/dev/null
    fi
    mkdir -p "$OVS_RUNDIR"
    rm -f "$RUN/journal" "$RUN"/*.log "$OVS_LOGDIR"/*.log "$OVS_LOGDIR/daemons.out"
    trap 'up_failed $?' EXIT
    trap 'exit 130' INT TERM
    claim_prefix
    swns="$(prefix)sw"
    python3 "$LIB/scenario.py" resolve "$scenario" --prefix "$(prefix)" --controller "$controller" \
        --out "$RUN/lab.json.tmp" --plan "$RUN/plan.tsv"
    mv "$RUN/lab.json.tmp" "$RUN/lab.json"
    controller=$(query controller)
    start_ovsdb "$swns"
    start_vswitchd "$swns"
    case $controller in ssl:*) use_pki ;; esac
    [ "$controller" = none ] || start_relay "$swns" "$controller"
    while IFS=$'\t' read -r -u 3 -a step; do
        run_step "${step[@]}"
    done 3<"$RUN/plan.tsv"
    check_ofports
    [ "$serve" = 0 ] || cmd_serve --port "$port"
    UP_DONE=1
    trap - EXIT INT TERM
    echo "lab up: prefix $(prefix), run dir $RUN, controller $controller"
    query hosts | while IFS=$'\t' read -r name role ns; do
        printf '  %-14s %-12s %s\n' "$name" "$role" "$ns"
    done
}

# The namespaces of the lab with prefix $1 (default: this run directory's) that exist now.
# Every namespace a lab creates carries its prefix.
lab_namespaces() {
    local p=${1:-$(prefix)}
    ip netns list | awk '{print $1}' | grep -F -- "$p" | grep "^$p" || true
}

# Stops what is left running inside a namespace (e.g. a command started with 'exec').
kill_ns_pids() {
    local ns=$1 pids i
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -n "$pids" ] || return 0
    # shellcheck disable=SC2086 # one PID per word
    kill -TERM $pids 2>/dev/null || true
    for ((i = 0; i < 40; i++)); do
        [ -n "$(ip netns pids "$ns" 2>/dev/null || true)" ] || return 0
        sleep 0.05
    done
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    sleep 0.1
}

cmd_down() {
    local p="" own=0 pidfile what ns
    while [ $# -gt 0 ]; do
        case $1 in
        --prefix) [ $# -ge 2 ] || usage_error "--prefix needs a value"; p=$2; shift 2 ;;
        *) usage_error "down: unknown argument $1" ;;
        esac
    done
    if [ -n "$p" ]; then
        [[ $p =~ ^tn[0-9]+-$ ]] || usage_error "--prefix must look like tn3-"
        # The run directory's records count only if they are about that lab.
        if lab_up && [ "$(prefix)" = "$p" ]; then own=1; fi
    else
        own=1
        if lab_up; then p=$(prefix); fi
    fi
    if [ "$own" = 1 ] && [ -f "$RUN/journal" ]; then
        # Daemons first, newest first, each by the PID in its pidfile.
        while read -r pidfile what; do
            stop_pidfile "$pidfile" "$what"
        done < <(awk '$1 == "pidfile" {print $2, $3}' "$RUN/journal" | tac)
    fi
    if [ -n "$p" ]; then
        for ns in $(lab_namespaces "$p"); do
            kill_ns_pids "$ns"
            ip netns del "$ns" 2>/dev/null || true
        done
        ns=$(lab_namespaces "$p")
        [ -z "$ns" ] || die "could not remove namespace(s): $ns"
        echo "lab down: prefix $p removed"
    else
        echo "lab down: nothing to remove in $RUN"
    fi
    if [ "$own" = 1 ]; then
        rm -f "$RUN/prefix" "$RUN/journal" "$RUN/lab.json" "$RUN/lab.json.tmp" "$RUN/plan.tsv" "$RUN"/*.pid "$RUN"/*.port
        if [ -d "$OVS_RUNDIR" ]; then
            find "$OVS_RUNDIR" -mindepth 1 ! -name '*.log' ! -name daemons.out -delete
        fi
    fi
}

cmd_status() {
    local rc=0 ns pidfile what pid br
    if ! lab_up; then
        echo "no lab in $RUN"
        return 3
    fi
    echo "lab in $RUN: prefix $(prefix)"
    if [ -f "$RUN/journal" ]; then
        while read -r pidfile what; do
            pid=$(pidfile_pid "$pidfile")
            if pid_is "$pid" "$what"; then
                printf '  process   %-14s pid %s\n' "$what" "$pid"
            else
                printf '  process   %-14s NOT RUNNING\n' "$what"
                rc=1
            fi
        done < <(awk '$1 == "pidfile" {print $2, $3}' "$RUN/journal")
    fi
    local present
    present=$(lab_namespaces "$(prefix)")
    if [ -f "$RUN/lab.json" ]; then
        for ns in $(query namespaces); do
            if grep -qx "$ns" <<<"$present"; then
                printf '  namespace %s\n' "$ns"
            else
                printf '  namespace %s MISSING\n' "$ns"
                rc=1
            fi
        done
        for br in $(query bridges); do
            if ovs-ofctl -O OpenFlow13 show "$br" >/dev/null 2>&1; then
                printf '  switch    %s dpid %s controller %s connected=%s flows=%s\n' "$br" \
                    "$(vsctl get bridge "$br" other-config:datapath-id 2>/dev/null | tr -d '"')" \
                    "$(query controller)" \
                    "$(vsctl --if-exists get controller "$br" is_connected 2>/dev/null || echo -)" \
                    "$(ovs-ofctl -O OpenFlow13 dump-flows "$br" 2>/dev/null | grep -c 'priority=' || true)"
                ovs-ofctl -O OpenFlow13 show "$br" | awk '/^ [0-9]+\(/{print "            port " $1}'
            else
                printf '  switch    %s NOT ANSWERING\n' "$br"
                rc=1
            fi
        done
    else
        echo "  (incomplete: up failed or was interrupted; run 'lab.sh down')"
        rc=1
    fi
    return "$rc"
}

host_ns() {
    require_lab
    query namespace "$1" || exit 2
}

cmd_exec() {
    [ $# -ge 1 ] || usage_error "exec HOST -- CMD [ARGS...]"
    local ns
    ns=$(host_ns "$1")
    shift
    [ "${1:-}" != -- ] || shift
    [ $# -ge 1 ] || usage_error "exec: which command?"
    exec ip netns exec "$ns" "$@"
}

cmd_ping() {
    local count=3 timeout=1 args=() ns
    while [ $# -gt 0 ]; do
        case $1 in
        --count) need_value "$@"; count=$2; shift 2 ;;
        --timeout) need_value "$@"; timeout=$2; shift 2 ;;
        -*) usage_error "ping: unknown option $1" ;;
        *) args+=("$1"); shift ;;
        esac
    done
    [ ${#args[@]} -eq 2 ] || usage_error "ping HOST DST [--count N] [--timeout S]"
    need ping
    ns=$(host_ns "${args[0]}")
    exec ip netns exec "$ns" ping -n -c "$count" -i 0.2 -W "$timeout" "${args[1]}"
}

cmd_client() {
    local proto=$1 timeout=2 message="hello from the lab" sport=0 args=() ns port
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --timeout) need_value "$@"; timeout=$2; shift 2 ;;
        --message) need_value "$@"; message=$2; shift 2 ;;
        --sport) need_value "$@"; sport=$2; shift 2 ;;
        -*) usage_error "$proto: unknown option $1" ;;
        *) args+=("$1"); shift ;;
        esac
    done
    [ ${#args[@]} -eq 2 ] || [ ${#args[@]} -eq 3 ] ||
        usage_error "$proto HOST DST [PORT] [--timeout S] [--message TEXT] [--sport N]"
    [[ $sport =~ ^[0-9]+$ ]] && [ "$sport" -le 65535 ] || usage_error "$proto: --sport expects a port 0..65535"
    port=${args[2]:-$DEFAULT_SERVE_PORT}
    ns=$(host_ns "${args[0]}")
    exec ip netns exec "$ns" python3 "$LIB/client.py" "$proto" "${args[1]}" "$port" "$timeout" "$message" "$sport"
}

cmd_udp_many() {
    local timeout=3 count="" sport=0 args=() ns port
    while [ $# -gt 0 ]; do
        case $1 in
        --timeout) need_value "$@"; timeout=$2; shift 2 ;;
        --count) need_value "$@"; count=$2; shift 2 ;;
        --sport) need_value "$@"; sport=$2; shift 2 ;;
        -*) usage_error "udp-many: unknown option $1" ;;
        *) args+=("$1"); shift ;;
        esac
    done
    [[ $count =~ ^[0-9]+$ ]] || usage_error "udp-many HOST DST [PORT] --count N [--timeout S] [--sport FIRST]"
    [ ${#args[@]} -eq 2 ] || [ ${#args[@]} -eq 3 ] || usage_error "udp-many HOST DST [PORT] --count N [--timeout S] [--sport FIRST]"
    port=${args[2]:-$DEFAULT_SERVE_PORT}
    ns=$(host_ns "${args[0]}")
    [[ $sport =~ ^[0-9]+$ ]] && [ $((sport + count)) -le 65536 ] \
        || usage_error "udp-many: --sport expects a first port such that FIRST+COUNT-1 <= 65535"
    exec ip netns exec "$ns" python3 "$LIB/client.py" udp-many "${args[1]}" "$port" "$timeout" "$count" "$sport"
}

cmd_transfer() {
    local direction=$1 timeout=30 bytes="" args=() ns port
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --timeout) need_value "$@"; timeout=$2; shift 2 ;;
        --bytes) need_value "$@"; bytes=$2; shift 2 ;;
        -*) usage_error "$direction: unknown option $1" ;;
        *) args+=("$1"); shift ;;
        esac
    done
    [[ $bytes =~ ^[0-9]+$ ]] || usage_error "$direction HOST DST [PORT] --bytes N [--timeout S]"
    [ ${#args[@]} -eq 2 ] || [ ${#args[@]} -eq 3 ] || usage_error "$direction HOST DST [PORT] --bytes N [--timeout S]"
    port=${args[2]:-$DEFAULT_SERVE_PORT}
    ns=$(host_ns "${args[0]}")
    exec ip netns exec "$ns" python3 "$LIB/client.py" "$direction" "${args[1]}" "$port" "$timeout" "$bytes"
}

cmd_serve() {
    local port=$DEFAULT_SERVE_PORT services=() svc ns pidfile
    while [ $# -gt 0 ]; do
        case $1 in
        --port) need_value "$@"; port=$2; shift 2 ;;
        -*) usage_error "serve: unknown option $1" ;;
        *) services+=("$1"); shift ;;
        esac
    done
    [[ $port =~ ^[0-9]+$ ]] || usage_error "serve: --port must be a number"
    require_lab
    [ ${#services[@]} -gt 0 ] || mapfile -t services < <(query services)
    for svc in "${services[@]}"; do
        ns=$(query service-namespace "$svc") || exit 2
        pidfile=$RUN/serve-$svc.pid
        if pid_is "$(pidfile_pid "$pidfile")" serve.py; then
            echo "serving $svc already (port $(cat "$RUN/serve-$svc.port" 2>/dev/null || echo '?'))"
            continue
        fi
        journal "pidfile $pidfile serve.py"
        echo "$port" >"$RUN/serve-$svc.port"
        in_ns "$ns" setsid python3 "$LIB/serve.py" --port "$port" --service "$svc" --log "$RUN/seen-$svc.log" \
            --pidfile "$pidfile" </dev/null >>"$RUN/serve-$svc.log" 2>&1 &
        wait_pidfile "$pidfile" 5 serve.py || die "echo server for $svc did not start: see $RUN/serve-$svc.log"
        echo "serving $svc on tcp+udp port $port (pid $(pidfile_pid "$pidfile"))"
    done
}

cmd_seen() {
    local services=() svc
    require_lab
    if [ $# -gt 0 ]; then services=("$@"); else mapfile -t services < <(query services); fi
    for svc in "${services[@]}"; do
        query service-namespace "$svc" >/dev/null || exit 2
        [ ! -f "$RUN/seen-$svc.log" ] || cat "$RUN/seen-$svc.log"
    done
}

cmd_dump_flows() {
    local br
    require_lab
    need ovs-ofctl
    if [ $# -gt 0 ] && query bridge "$1" >/dev/null 2>&1; then
        br=$(query bridge "$1")
        shift
    else
        mapfile -t bridges < <(query bridges)
        [ ${#bridges[@]} -eq 1 ] || usage_error "dump-flows: which switch? (${bridges[*]})"
        br=${bridges[0]}
    fi
    exec ovs-ofctl -O OpenFlow13 dump-flows "$br" "$@"
}

cmd_restart_switch() {
    local swns br i
    require_lab
    swns=$(query namespace switch)
    stop_pidfile "$OVS_RUNDIR/ovs-vswitchd.pid" ovs-vswitchd
    start_vswitchd "$swns"
    for br in $(query all-bridges); do
        for ((i = 0; i < 100; i++)); do
            ovs-ofctl -O OpenFlow13 show "$br" >/dev/null 2>&1 && break
            sleep 0.05
        done
        ovs-ofctl -O OpenFlow13 show "$br" >/dev/null 2>&1 || die "bridge $br did not come back after the restart"
    done
    echo "ovs-vswitchd restarted (pid $(pidfile_pid "$OVS_RUNDIR/ovs-vswitchd.pid")); flow tables are empty"
}

# One switch loses its controller connection and its flow table (removing the last controller flushes it), then
# connects again: what the controller sees when a switch reboots, the lab's other switches untouched.
cmd_bounce_switch() {
    local br target
    [ $# -eq 1 ] || usage_error "bounce-switch SWITCH"
    require_lab
    br=$(query bridge "$1") || exit 2
    target=$(query controller-target "$br") || exit 2
    vsctl del-controller "$br"
    ovs-ofctl -O OpenFlow13 del-flows "$br"
    vsctl -- set bridge "$br" controller=@c \
        -- --id=@c create controller target="\"$target\"" connection-mode=out-of-band max_backoff=1000 >/dev/null
    echo "$br dropped its controller and flows and connects again to $target"
}

# Takes the link at a switch port down or up. The port's veth loses carrier at both ends, as a cable pulled out.
cmd_link() {
    local state ifname
    [ $# -eq 2 ] || usage_error "link down|up SWITCH/PORT (e.g. of:0000000000000001/10)"
    case $1 in down | up) state=$1 ;; *) usage_error "link down|up SWITCH/PORT" ;; esac
    require_lab
    ifname=$(query port-interface "$2") || exit 2
    ip -n "$(query namespace switch)" link set "$ifname" "$state"
    echo "link at $2 ($ifname) $state"
}

cmd_wait_connected() {
    local timeout=15 i br pending
    case "${1:-}" in
    "") ;;
    --timeout) [[ ${2:-} =~ ^[0-9]+$ ]] || usage_error "wait-connected --timeout SECONDS"; timeout=$2 ;;
    *) usage_error "wait-connected [--timeout S]" ;;
    esac
    require_lab
    [ "$(query controller)" != none ] || die "this lab has no controller"
    for ((i = 0; i <= timeout * 10; i++)); do
        pending=""
        for br in $(query bridges); do
            [ "$(vsctl --if-exists get controller "$br" is_connected 2>/dev/null)" = true ] || pending+=" $br"
        done
        if [ -z "$pending" ]; then
            echo "connected: $(query bridges | tr '\n' ' ')"
            return 0
        fi
        sleep 0.1
    done
    die "not connected to $(query controller) after ${timeout}s:$pending"
}

main() {
    local args=() run_dir=${TENANTNAT_LAB_RUN_DIR:-$LAB_HOME/run}
    while [ $# -gt 0 ]; do
        case $1 in
        --run-dir) [ $# -ge 2 ] || usage_error "--run-dir needs a directory"; run_dir=$2; shift 2 ;;
        --) args+=("$@"); break ;;
        *) args+=("$1"); shift ;;
        esac
    done
    [ ${#args[@]} -gt 0 ] || { usage >&2; exit 2; }
    local cmd=${args[0]}
    args=("${args[@]:1}")
    case $cmd in
    help | -h | --help) usage; exit 0 ;;
    esac
    [ "$(id -u)" = 0 ] || die "the lab needs root (network namespaces, Open vSwitch)"
    set_run_dir "$run_dir"
    case $cmd in
    up) cmd_up "${args[@]}" ;;
    down) cmd_down "${args[@]}" ;;
    status) cmd_status ;;
    show) require_lab; cat "$RUN/lab.json" ;;
    env) echo "export OVS_RUNDIR=$OVS_RUNDIR OVS_LOGDIR=$OVS_LOGDIR OVS_DBDIR=$OVS_DBDIR" ;;
    exec) cmd_exec "${args[@]}" ;;
    ping) cmd_ping "${args[@]}" ;;
    tcp | udp) cmd_client "$cmd" "${args[@]}" ;;
    udp-many) cmd_udp_many "${args[@]}" ;;
    upload | download) cmd_transfer "$cmd" "${args[@]}" ;;
    serve) cmd_serve "${args[@]}" ;;
    seen) cmd_seen "${args[@]}" ;;
    dump-flows) cmd_dump_flows "${args[@]}" ;;
    ofctl) require_lab; exec ovs-ofctl -O OpenFlow13 "${args[@]}" ;;
    vsctl) require_lab; exec ovs-vsctl "${args[@]}" ;;
    appctl) require_lab; exec ovs-appctl "${args[@]}" ;;
    restart-switch) cmd_restart_switch ;;
    bounce-switch) cmd_bounce_switch "${args[@]}" ;;
    link) cmd_link "${args[@]}" ;;
    wait-connected) cmd_wait_connected "${args[@]}" ;;
    pki) cmd_pki "${args[@]}" ;;
    *) usage_error "unknown command '$cmd'" ;;
    esac
}

main "$@"

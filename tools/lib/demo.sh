# Start-up and teardown shared by tools/demo.sh and tools/demo-fabric.sh; sourced, not run. The sourcing script sets
# root (the repository) and me (its name in messages) first.
lab="$root/tools/lab/lab.sh"
jar="$root/tools/standalone/target/tenantnat-standalone.jar"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# demo_prepare WHY RUN_PREFIX: insists on root (WHY: what it is needed for), installs what is missing, builds the
# standalone host when a source is newer than its jar, then makes the run directory (lab state, host log and state)
# and sets of_port, http_port, credentials and the trap that tears everything down.
demo_prepare() {
    [ "$(id -u)" = 0 ] || { echo "$me: run as root: $1" >&2; exit 2; }
    "$root/tools/install-deps.sh"
    if [ ! -f "$jar" ] || [ -n "$(find "$root/app/engine/src" "$root/drivers/src" "$root/web/src" \
            "$root/tools/standalone/src" -newer "$jar" -type f -print -quit)" ]; then
        echo "$me: building the standalone host..."
        (cd "$root" && mvn -B -q -DskipTests package -pl tools/standalone -am)
    fi
    run=$(mktemp -d -t "$2.XXXXXX")
    export TENANTNAT_LAB_RUN_DIR="$run/lab"
    of_port=$(free_port)
    http_port=${TENANTNAT_HTTP_PORT:-8181}
    credentials="demo:$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
    host_pid=""
    trap demo_cleanup EXIT
    trap 'exit 130' INT TERM
}

demo_cleanup() {
    trap - EXIT INT TERM
    echo "$me: tearing down"
    if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
        kill "$host_pid"; wait "$host_pid" 2>/dev/null || true
    fi
    "$lab" down >/dev/null 2>&1 || "$lab" down || true
    rm -rf "$run"
}

# demo_start CONFIG SCENARIO OPENFLOW CONTROLLER [HOST_OPTION...]: starts the standalone host on CONFIG (OpenFlow at
# OPENFLOW, REST on http_port), brings the lab of SCENARIO up with its switches dialling CONTROLLER, and waits until
# they are connected.
demo_start() {
    local config=$1 scenario=$2 openflow=$3 controller=$4
    shift 4
    java -jar "$jar" --config "$config" --openflow "$openflow" --http "127.0.0.1:$http_port" \
        --credentials "$credentials" --state "$run/state" "$@" >"$run/host.log" 2>&1 &
    host_pid=$!
    "$lab" up "$scenario" --controller "$controller" --serve >"$run/lab-up.log" 2>&1 \
        || { cat "$run/lab-up.log"; exit 1; }
    "$lab" wait-connected --timeout 30 || { tail -20 "$run/host.log"; exit 1; }
}

# demo_verdict FAILURES: the --check exit, with the host log's tail when a check failed.
demo_verdict() {
    [ "$1" -eq 0 ] && { echo "$me: PASS"; exit 0; }
    echo "$me: FAIL ($1 checks failed)"; tail -30 "$run/host.log"; exit 1
}

# shellcheck shell=bash
# Shared by the tenantnat ONOS scripts: where ONOS is and how to call its REST API.
# ONOS node: $OCI (the ONOS tools' convention) or localhost; port $ONOS_WEB_PORT (8181);
# credentials $ONOS_WEB_USER / $ONOS_WEB_PASS (ONOS defaults onos / rocks).

ONOS_NODE="${OCI:-localhost}"
ONOS_WEB_PORT="${ONOS_WEB_PORT:-8181}"
ONOS_WEB_USER="${ONOS_WEB_USER:-onos}"
ONOS_WEB_PASS="${ONOS_WEB_PASS:-rocks}"
# shellcheck disable=SC2034 # used by the scripts that source this file
APP_NAME="org.tenantnat"
# shellcheck disable=SC2034
NETCFG_KEY="tenantnat"

onos_url() {
    printf 'http://%s:%s%s' "$ONOS_NODE" "$ONOS_WEB_PORT" "$1"
}

# onos_call METHOD PATH [curl args...]: prints the response body; fails with the HTTP status and body on >= 400,
# except for the status in $ONOS_ALLOW_STATUS (e.g. 404), which prints nothing and succeeds.
onos_call() {
    local method="$1" path="$2" body status
    shift 2
    body="$(mktemp)"
    status="$(curl -sS -o "$body" -w '%{http_code}' --user "$ONOS_WEB_USER:$ONOS_WEB_PASS" \
        -X "$method" "$@" "$(onos_url "$path")")" || { rm -f "$body"; return 1; }
    if [ "$status" = "${ONOS_ALLOW_STATUS:-}" ]; then
        rm -f "$body"
        return 0
    fi
    if [ "$status" -ge 400 ]; then
        echo "$method $path -> HTTP $status" >&2
        cat "$body" >&2
        echo >&2
        rm -f "$body"
        return 1
    fi
    cat "$body"
    rm -f "$body"
}

# Pretty-prints JSON from stdin with whatever is installed.
pretty() {
    if command -v jq >/dev/null 2>&1; then
        jq .
    elif command -v python3 >/dev/null 2>&1; then
        python3 -m json.tool
    else
        cat
    fi
}

# Prints "DEVICE COUNT" for each device holding flows of tenantnat, from ONOS's cluster-wide flow store; nothing when
# ONOS holds none (or does not know the application).
tenantnat_flows_per_device() {
    ONOS_ALLOW_STATUS=404 onos_call GET "/onos/v1/flows/application/$APP_NAME" | python3 -c '
import collections, json, sys
text = sys.stdin.read()
flows = json.loads(text).get("flows", []) if text.strip() else []
for device, n in sorted(collections.Counter(f["deviceId"] for f in flows).items()):
    print(device, n)'
}

# Waits until ONOS holds no flow of tenantnat: polls every $TENANTNAT_FLOW_POLL seconds (1) for at most
# $TENANTNAT_FLOW_WAIT seconds (60). Returns 0 when none is left, 1 printing what is left per device on timeout,
# 2 when ONOS cannot be asked.
wait_until_no_tenantnat_flows() {
    local deadline left
    deadline=$((SECONDS + ${TENANTNAT_FLOW_WAIT:-60}))
    while :; do
        left="$(tenantnat_flows_per_device)" || return 2
        [ -z "$left" ] && return 0
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "$left"
            return 1
        fi
        sleep "${TENANTNAT_FLOW_POLL:-1}"
    done
}

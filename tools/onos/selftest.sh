#!/usr/bin/env bash
# Checks the ONOS scripts against a stand-in for ONOS's REST API on 127.0.0.1 (no ONOS needed): each command must
# send the method, path, headers and body ONOS 2.7 expects, print what comes back and fail on an HTTP error.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/onos.py" <<'PY'
import base64, http.server, json, sys
log = open(sys.argv[1], "a", buffering=1)
FULL = {"of:0000000000000001": 2, "of:0000000000000002": 1}
# The flows ONOS holds for tenantnat, and how they go: removing the network config takes S1's tenant rules away one
# per poll (S2's last rule stays); deactivating takes every rule away after one poll; uninstalling takes them all
# at once. Once the stand-in is told the switches are stuck, no rule goes.
state = {"flows": dict(FULL), "going": None, "stuck": False}
def poll():
    flows = state["flows"]
    if state["stuck"]:
        pass
    elif state["going"] == "netcfg" and flows.get("of:0000000000000001", 0) > 0:
        flows["of:0000000000000001"] -= 1
    elif state["going"] == "all":
        flows.clear()
class Onos(http.server.BaseHTTPRequestHandler):
    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/control/"):
            if self.path == "/control/reset":
                state.update(flows=dict(FULL), going=None, stuck=False)
            elif self.path == "/control/stuck":
                state["stuck"] = True
            return self.reply(200, {})
        user = base64.b64decode(self.headers.get("Authorization", "Basic ").split()[1] or b"").decode()
        log.write("%s %s %s %s %d\n" % (self.command, self.path, self.headers.get("Content-Type"), user, len(body)))
        if b"invalid" in body:
            self.reply(400, {"code": 400, "message": "Field \"tenants[acme].id\" is invalid"})
        elif self.path == "/onos/v1/flows/application/org.tenantnat":
            flows = [{"deviceId": d} for d, n in sorted(state["flows"].items()) for _ in range(n)]
            self.reply(200, {"flows": flows})
            poll()
        else:
            if self.command == "DELETE" and self.path == "/onos/v1/network/configuration/apps/org.tenantnat/tenantnat":
                state["going"] = "netcfg"
            elif self.command == "DELETE" and self.path == "/onos/v1/applications/org.tenantnat/active":
                state["going"] = None if state["stuck"] else "all"
            elif self.command == "DELETE" and self.path == "/onos/v1/applications/org.tenantnat":
                state["going"] = None
                if not state["stuck"]:
                    state["flows"].clear()
            self.reply(200, {"ok": self.path})
    def reply(self, code, doc):
        data = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_POST = do_DELETE = handle_one
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Onos)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$work/onos.py" "$work/requests.log" > "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
export OCI=127.0.0.1 ONOS_WEB_PORT ONOS_WEB_USER=karaf ONOS_WEB_PASS=karaf
ONOS_WEB_PORT="$(cat "$work/port")"

failures=0
expect_request() {
    if tail -n 1 "$work/requests.log" | grep -qx -- "$1"; then
        echo "ok   $1"
    else
        echo "FAIL expected '$1', got '$(tail -n 1 "$work/requests.log")'"
        failures=$((failures + 1))
    fi
}

printf 'PK-not-really-an-oar' > "$work/tenantnat-1.0.0.oar"
echo '{"tenants": []}' > "$work/doc.json"
echo '{"invalid": true}' > "$work/bad.json"

"$here/tenantnat-app" install "$work/tenantnat-1.0.0.oar" > /dev/null
expect_request "POST /onos/v1/applications?activate=true application/octet-stream karaf:karaf 20"
"$here/tenantnat-app" activate > /dev/null
expect_request "POST /onos/v1/applications/org.tenantnat/active None karaf:karaf 0"
control() {
    curl -sS -o /dev/null -X POST "http://127.0.0.1:$ONOS_WEB_PORT/control/$1"
}
export TENANTNAT_FLOW_WAIT=2 TENANTNAT_FLOW_POLL=0.1

"$here/tenantnat-app" deactivate > /dev/null
if grep -q '^DELETE /onos/v1/applications/org.tenantnat/active ' "$work/requests.log" \
        && [ "$(tail -n 1 "$work/requests.log")" = "GET /onos/v1/flows/application/org.tenantnat None karaf:karaf 0" ] \
        && [ "$(grep -c '^GET /onos/v1/flows/application/org.tenantnat ' "$work/requests.log")" -ge 2 ]; then
    echo "ok   deactivate waits until ONOS holds no tenantnat flow"
else
    echo "FAIL deactivate did not wait for the flows: $(tr '\n' '|' < "$work/requests.log")"; failures=$((failures + 1))
fi

control reset
: > "$work/requests.log"
"$here/tenantnat-app" uninstall > "$work/out" 2> "$work/err"
# Expected: the netcfg goes, the flows are polled until S1's are gone and S2's last one outlasts the wait, then the
# application goes (taking the rest) and the flows are polled again until none is left.
if python3 - "$work/requests.log" <<'CHECK'
import sys
lines = [l.split()[0] + " " + l.split()[1] for l in open(sys.argv[1])]
netcfg = "DELETE /onos/v1/network/configuration/apps/org.tenantnat/tenantnat"
app = "DELETE /onos/v1/applications/org.tenantnat"
flows = "GET /onos/v1/flows/application/org.tenantnat"
assert lines[0] == netcfg, lines
i = lines.index(app)
assert i >= 2 and all(l == flows for l in lines[1:i]), lines
assert lines[i + 1:] and all(l == flows for l in lines[i + 1:]), lines
CHECK
then
    echo "ok   uninstall removes the network config, waits for the flows, removes the application, waits again"
else
    echo "FAIL uninstall order"; failures=$((failures + 1))
fi
if grep -q 'of:0000000000000002 1' "$work/err" && grep -q 'no tenantnat flow is left' "$work/out"; then
    echo "ok   uninstall names the flows the network config left and ends with none"
else
    echo "FAIL uninstall output: $(cat "$work/out" "$work/err")"; failures=$((failures + 1))
fi

control reset
control stuck
if "$here/tenantnat-app" uninstall > "$work/out" 2> "$work/err"; then
    echo "FAIL uninstall must fail while flows remain"; failures=$((failures + 1))
elif tail -n 3 "$work/err" | head -n 2 | tr '\n' ' ' | grep -qx 'of:0000000000000001 2 of:0000000000000002 1 ' \
        && grep -q 'X DELETE .*/onos/v1/flows/application/org.tenantnat' "$work/err"; then
    echo "ok   uninstall fails naming the devices whose tenantnat flows remain, and says how to remove them"
else
    echo "FAIL stuck uninstall output: $(cat "$work/out" "$work/err")"; failures=$((failures + 1))
fi
control reset

"$here/tenantnat-netcfg" push "$work/doc.json" > /dev/null
expect_request "POST /onos/v1/network/configuration/apps/org.tenantnat/tenantnat application/json karaf:karaf 16"
"$here/tenantnat-netcfg" get > /dev/null
expect_request "GET /onos/v1/network/configuration/apps/org.tenantnat/tenantnat None karaf:karaf 0"
"$here/tenantnat-show" translations acme > /dev/null
expect_request "GET /onos/tenantnat/translations?tenant=acme None karaf:karaf 0"
"$here/tenantnat-show" lookup 100.64.0.5 > /dev/null
expect_request "GET /onos/tenantnat/lookup/100.64.0.5 None karaf:karaf 0"
"$here/tenantnat-show" changes 5 > /dev/null
expect_request "GET /onos/tenantnat/changes?limit=5 None karaf:karaf 0"
"$here/tenantnat-show" changes > /dev/null
expect_request "GET /onos/tenantnat/changes None karaf:karaf 0"

if [ "$("$here/tenantnat-show" all | tail -n 2 | tr '\n' ' ')" = "of:0000000000000001 2 of:0000000000000002 1 " ]; then
    echo "ok   show all counts flows per device"
else
    echo "FAIL show all flow counts"; failures=$((failures + 1))
fi
if "$here/tenantnat-netcfg" push "$work/bad.json" > /dev/null 2> "$work/err"; then
    echo "FAIL a refused document must fail the script"; failures=$((failures + 1))
elif grep -q 'HTTP 400' "$work/err" && grep -q 'tenants\[acme\].id' "$work/err"; then
    echo "ok   a refused document fails with ONOS's status and message"
else
    echo "FAIL error output: $(cat "$work/err")"; failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures failed"
    exit 1
fi
echo "all ONOS script checks passed"

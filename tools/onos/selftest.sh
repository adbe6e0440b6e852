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
class Onos(http.server.BaseHTTPRequestHandler):
    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        user = base64.b64decode(self.headers.get("Authorization", "Basic ").split()[1] or b"").decode()
        log.write("%s %s %s %s %d\n" % (self.command, self.path, self.headers.get("Content-Type"), user, len(body)))
        if b"invalid" in body:
            self.reply(400, {"code": 400, "message": "Field \"tenants[acme].id\" is invalid"})
        elif self.path == "/onos/v1/flows/application/org.tenantnat":
            self.reply(200, {"flows": [{"deviceId": "of:0000000000000001"}, {"deviceId": "of:0000000000000001"},
                                       {"deviceId": "of:0000000000000002"}]})
        else:
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
"$here/tenantnat-app" deactivate > /dev/null
expect_request "DELETE /onos/v1/applications/org.tenantnat/active None karaf:karaf 0"
"$here/tenantnat-app" uninstall > /dev/null
if tail -n 2 "$work/requests.log" | head -n 1 | grep -q '^DELETE /onos/v1/network/configuration/apps/org.tenantnat/tenantnat '; then
    echo "ok   uninstall removes the network config (and so the flows) before the application"
else
    echo "FAIL uninstall order"; failures=$((failures + 1))
fi
expect_request "DELETE /onos/v1/applications/org.tenantnat None karaf:karaf 0"
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

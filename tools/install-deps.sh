#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a fresh Debian machine (run as root).
# Skips what is already there, so it is cheap to run every time.
set -euo pipefail
need=()
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v ovs-vswitchd >/dev/null || need+=(openvswitch-switch)
command -v ip >/dev/null || need+=(iproute2)
command -v ping >/dev/null || need+=(iputils-ping)
command -v ethtool >/dev/null || need+=(ethtool)
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
# TLS in the lab (ovs-pki comes with Open vSwitch; the HTTPS certificate is made with openssl).
command -v openssl >/dev/null || need+=(openssl)
# The data-plane tests trace the route to a VIP across the translation.
command -v traceroute >/dev/null || need+=(traceroute)
# The data-path benchmark (tools/bench/data-path).
command -v iperf3 >/dev/null || need+=(iperf3)
# The GUI view's browser tests: headless Chromium and its WebDriver, both from Debian.
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# The metrics tests lint the scrape and check the scrape configuration with Prometheus' promtool. Only that program
# is taken from Debian's prometheus package (a static binary): installing the package would start a Prometheus
# server on machines whose apt starts services.
if ! command -v promtool >/dev/null; then
    echo "installing: promtool (from Debian's prometheus package)"
    tmp=$(mktemp -d)
    (cd "$tmp" && { apt-get download -q prometheus || { apt-get update -q && apt-get download -q prometheus; }; } &&
        dpkg-deb --fsys-tarfile prometheus_*.deb | tar -x ./usr/bin/promtool) &&
        install -m 0755 "$tmp/usr/bin/promtool" /usr/local/bin/promtool
    rm -rf "$tmp"
fi

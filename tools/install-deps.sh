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

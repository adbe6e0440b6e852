#!/usr/bin/env bash
# Runs every test: engine, ONOS host, REST, OSGi resolution and, as root with Open vSwitch and Chromium, the
# data-plane and browser tests on a real switch. Installs what is missing first (tools/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
exec mvn -B verify "$@"

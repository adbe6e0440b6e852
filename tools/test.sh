#!/usr/bin/env bash
# Runs every test: unit, property, compiler, ONOS host and (as root, with Open vSwitch) the data-plane tests.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify "$@"

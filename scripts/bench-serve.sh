#!/usr/bin/env bash
# `dtks bench --serve` with everything it compares against installed: the
# OpenSSH client and server (the server is started by the benchmark itself
# on a private config, loopback only) and sqlite3.
# Usage: scripts/bench-serve.sh [DIR]   (DIR defaults to target/bench)
set -euo pipefail
dir="${1:-target/bench}"
need=()
command -v ssh >/dev/null || need+=(openssh-client)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ "${#need[@]}" -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The package starts the system's sshd; the benchmark does not need it.
if command -v systemctl >/dev/null && systemctl is-active --quiet ssh 2>/dev/null; then
    systemctl stop ssh || true
fi
cargo build --release
if [ ! -d "$dir/db" ]; then
    target/release/dtks bench --dir "$dir"
fi
target/release/dtks bench --serve --dir "$dir"

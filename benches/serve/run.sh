#!/usr/bin/env bash
# Requests per second and latency of `dealcalc serve` on loopback, with wrk
# (apt install wrk): 2 threads, 16 connections, 10 s per endpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
target/release/dealcalc serve --addr 127.0.0.1:18181 > /dev/null &
server=$!
trap 'kill $server' EXIT
sleep 0.5
for endpoint in convert check; do
  echo "== /api/$endpoint"
  wrk -t2 -c16 -d10s --latency -s "benches/serve/$endpoint.lua" http://127.0.0.1:18181
done

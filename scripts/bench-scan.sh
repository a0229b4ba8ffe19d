#!/usr/bin/env bash
# Prepares and runs benches/scan.rs: ripgrep 15 into target/tools, a log of
# SIZE_MIB (default 512) for the catalogue errcat is built from (set
# ERRCAT_CATALOGUE to bench another one), then the benchmark and its ratios.
# The log is generated, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-512}"
bash scripts/install-bench-tools.sh
mkdir -p target/bench-logs
cargo run --quiet --release -- table --format json > target/bench-logs/catalogue.json
# One log per catalogue, so that switching catalogues never reuses a log.
dir="target/bench-logs/$(sha1sum target/bench-logs/catalogue.json | cut -c1-12)-${size_mib}"
mkdir -p "$dir"
if [ ! -f "$dir/app.log" ]; then
    python3 scripts/generate-log.py "$dir/app.log" "$size_mib" target/bench-logs/catalogue.json
fi
ERRCAT_BENCH_LOG="$PWD/$dir/app.log" cargo bench --bench scan
python3 scripts/bench-summary.py scan

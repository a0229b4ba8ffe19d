#!/usr/bin/env bash
# Prepares and runs cli/benches/scan.rs: ripgrep 15 into target/tools, a log
# of SIZE_MIB (default 512) for a catalogue, then the benchmark and its
# ratios. The catalogue is errcat's own, scanned by the `errcat` command;
# with ERRCAT_SCALE_CATALOGUE set, it is that file's, scanned by the scale
# fixture's `scale` command (examples/scale), a user's program built on
# errcat's library. The log is generated, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-512}"
bash scripts/install-bench-tools.sh
mkdir -p target/bench-logs
if [ -n "${ERRCAT_SCALE_CATALOGUE:-}" ]; then
    cargo build --quiet --release -p scale --bin scale
    export ERRCAT_SCAN_COMMAND="$PWD/target/release/scale"
    export ERRCAT_BENCH_CATALOGUE="$ERRCAT_SCALE_CATALOGUE"
    "$ERRCAT_SCAN_COMMAND" table --format json > target/bench-logs/catalogue.json
else
    unset ERRCAT_SCAN_COMMAND
    export ERRCAT_BENCH_CATALOGUE="$PWD/errors.toml"
    cargo run --quiet --release -- table --format json > target/bench-logs/catalogue.json
fi
# One log per catalogue, so that switching catalogues never reuses a log.
dir="target/bench-logs/$(sha1sum target/bench-logs/catalogue.json | cut -c1-12)-${size_mib}"
mkdir -p "$dir"
if [ ! -f "$dir/app.log" ]; then
    python3 scripts/generate-log.py "$dir/app.log" "$size_mib" target/bench-logs/catalogue.json
fi
ERRCAT_BENCH_LOG="$PWD/$dir/app.log" cargo bench -p errcat-cli --bench scan
python3 scripts/bench-summary.py scan load

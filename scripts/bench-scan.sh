#!/usr/bin/env bash
# Prepares and runs benches/scan.rs: ripgrep 15 into target/tools, a log of
# SIZE_MIB (default 512) for the catalogue errcat is built from, then the
# benchmark, then the ratios. The log is generated, never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-512}"
bash scripts/install-bench-tools.sh
dir=target/bench-logs
mkdir -p "$dir"
cargo run --quiet --release -- table --format json > "$dir/catalogue.json"
if [ ! -f "$dir/app.log" ] || [ "$(( $(stat -c %s "$dir/app.log") >> 20 ))" -lt "$size_mib" ]; then
    python3 scripts/generate-log.py "$dir/app.log" "$size_mib" "$dir/catalogue.json"
fi
cargo bench --bench scan
python3 scripts/bench-summary.py scan

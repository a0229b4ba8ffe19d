#!/usr/bin/env bash
# Parse, render and scan figures at each catalogue size: the scale fixture
# (examples/scale, a crate with a catalogue of its own) with synthetic
# catalogues written by scripts/generate-catalogue.py, beside errcat's own
# catalogue and the payments crate's in the same runs.
#
# Usage: scripts/scale-bench.sh [ROWS...]      (default: 27 1000 10000)
#        SCAN=0 scripts/scale-bench.sh ...      (lookup and render only)
#
# For each size: benches/lookup.rs and benches/render.rs (shorter criterion
# runs than their defaults: 1 s warm-up, 3 s measurement), then
# scripts/bench-scan.sh (ripgrep and grep -F on a 512 MiB log with that
# catalogue's codes, scanned by the fixture's `scale` command). Each size's
# table goes to target/scale/bench-ROWS.txt; target/criterion is emptied
# before each size.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/target/scale"
mkdir -p "$dir"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(27 1000 10000)
for rows in "${sizes[@]}"; do
    python3 scripts/generate-catalogue.py "$rows" > "$dir/catalogue-$rows.toml"
    export ERRCAT_SCALE_CATALOGUE="$dir/catalogue-$rows.toml"
    echo "== $rows rows"
    # Results of another size have other benchmark ids: start from none.
    rm -rf target/criterion
    cargo bench --bench lookup --bench render -- --warm-up-time 1 --measurement-time 3 > /dev/null
    {
        echo "# $rows rows"
        python3 scripts/bench-summary.py parse_code parse_token render decode
        if [ "${SCAN:-1}" != 0 ]; then
            bash scripts/bench-scan.sh 512 2> /dev/null | grep -A20 '^scan$'
        fi
    } > "$dir/bench-$rows.txt"
    cat "$dir/bench-$rows.txt"
done

#!/usr/bin/env bash
# Points the scale fixture (examples/scale, a crate with a catalogue of its
# own) at synthetic catalogues of 1,000 and 10,000 rows (written by
# scripts/generate-catalogue.py in the shape of the real one) and runs the
# catalogue-agnostic tests, tests/roundtrip.rs and tests/fast_paths.rs, on
# each, and checks its bodies in every format against the digests pinned in
# tests/golden/bodies/scale-ROWS.blake3 (tests/golden.rs; ERRCAT_BLESS=1
# pins them anew), and against the standards' artefacts
# (tests/format_peers.rs).
#
# Usage: scripts/scale-check.sh [ROWS...]      (default: 1000 10000)
#
# It shares the usual target directory: pointing ERRCAT_SCALE_CATALOGUE
# elsewhere rebuilds the fixture and the test, nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/target/scale"
mkdir -p "$dir"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for rows in "${sizes[@]}"; do
    catalogue="$dir/catalogue-$rows.toml"
    python3 scripts/generate-catalogue.py "$rows" > "$catalogue"
    echo "== $rows rows: $catalogue"
    ERRCAT_SCALE_CATALOGUE="$catalogue" cargo test --all-features --test roundtrip --test fast_paths --test golden --test format_peers scale::
done

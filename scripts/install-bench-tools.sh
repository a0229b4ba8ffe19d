#!/usr/bin/env bash
# Installs what benches/scan.rs compares errcat with: a current ripgrep (15),
# built from crates.io into target/tools. GNU grep comes with the system.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! target/tools/bin/rg --version 2>/dev/null | grep -q '^ripgrep 15'; then
    cargo install --quiet --locked --root target/tools ripgrep --version '^15'
fi
target/tools/bin/rg --version | head -1
grep --version | head -1

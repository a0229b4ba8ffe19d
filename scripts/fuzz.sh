#!/usr/bin/env bash
# Runs one libFuzzer target of fuzz/ for a number of executions.
#
#   scripts/fuzz.sh parse_code|decode_response|scan_log|import_table|load_file|cache_entry [RUNS]
#   (default 10,000,000)
#
# Installs cargo-fuzz into target/tools (cargo install) and runs it on the
# nightly toolchain. errcat forbids unsafe code, so the targets are built
# without AddressSanitizer (`-s none`), with debug assertions and overflow
# checks on (`-a`); that is several times faster per execution. The corpus starts from the catalogue:
# every code and token, an error body for every row in both formats, and the
# log fixtures, the catalogue files of the repository, plus
# fuzz/regressions/TARGET (inputs that once failed). load_file and
# cache_entry run with a malloc limit of 512 MB: a larger allocation for
# any input is a finding.
# Findings land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [RUNS]}
runs=${2:-10000000}

if ! target/tools/bin/cargo-fuzz --version >/dev/null 2>&1; then
    cargo install --quiet --locked --root target/tools cargo-fuzz
fi
export PATH="$PWD/target/tools/bin:$PATH"

corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case $target in
parse_code)
    cargo run --quiet -- table --format json | python3 -c '
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
for i, row in enumerate(json.load(sys.stdin)):
    for j, text in enumerate([row["code"], row["error"], " " + row["code"] + "\n"]):
        (out / f"seed-{i}-{j}").write_text(text)
' "$corpus"
    ;;
decode_response)
    cargo run --quiet --example seed_bodies -- "$corpus"
    ;;
scan_log)
    for log in cli/tests/fixtures/logs/*; do
        [[ -f $log ]] && head -c 4096 "$log" >"$corpus/seed-$(basename "$log")"
    done
    # The long-line cases (the first byte picks the read size and the
    # block): a line of codes, no newline, a word longer than a block
    # before a code, \r\n at a block's edge.
    python3 -c '
import pathlib, sys
out = pathlib.Path(sys.argv[1])
seeds = {
    "long-line": b"\x35" + b"GEN-1203-100003 " * 200 + b"\nx GEN-1204-100001\n",
    "no-newline": b"\x27" + b"a, B14800ZZ-3017-000000;" * 100,
    "long-word": b"\x1f" + b"x" * 300 + b" GEN-1201-100001 " + b"y" * 300 + b"GEN-1201-100001",
    "crlf-edge": b"\x13" + b"GEN-1205-100002 pad\r\n" * 64,
}
for name, data in seeds.items():
    (out / f"seed-{name}").write_bytes(data)
' "$corpus"
    ;;
import_table)
    # The published table as the page's text (first byte even: the text
    # reader) and as Markdown (odd: the Markdown reader).
    { printf '\x00'; head -n 100 tests/fixtures/published-table.txt; } >"$corpus/seed-text"
    { printf '\x01'; cargo run --quiet -- table --format markdown | head -n 12; } >"$corpus/seed-markdown"
    printf '\x00Status\nError\nCode\nDescription\n400\nBAD\nX-1\nBad\n\nBAD\nX-2\nWorse\n' >"$corpus/seed-lines"
    ;;
load_file)
    for file in errors.toml examples/bank/payments/payments.toml examples/scale/default.toml cli/tests/fixtures/lints/*.toml; do
        [[ -f $file ]] && head -c 4096 "$file" >"$corpus/seed-$(basename "$file")"
    done
    printf 'a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1' >"$corpus/seed-nested"
    printf '[[errors]]\nscenario = "\\u001b]0;x\\u0007"\n' >"$corpus/seed-escape"
    ;;
cache_entry)
    # The genuine entry (choice byte 0) and its payload (choice byte 1) are
    # what the target seals itself; these start it near both.
    printf '\x00ERRCAT\x04\x00' >"$corpus/seed-magic"
    python3 -c '
import pathlib, struct, sys
out = pathlib.Path(sys.argv[1])
def text(t): return struct.pack("<I", len(t)) + t
meta = b"".join(text(t) for t in [b"Ledger API", b"ledger", b"2", b"application/json", b"/problems/", b"", b"Bearer realm=\"ledger\""])
row = struct.pack("<I", 404) + b"".join(text(t) for t in [b"NOT_FOUND", b"LED-0001", b"No ledger", b"Line one\nline two", b"No ledger", b"NoLedger"]) + struct.pack("<II", 0, 0)
(out / "seed-payload").write_bytes(b"" + meta + struct.pack("<I", 0) + struct.pack("<I", 1) + row)
' "$corpus"
    ;;
*)
    echo "unknown target $target: expected parse_code, decode_response, scan_log, import_table, load_file or cache_entry" >&2
    exit 2
    ;;
esac

cd fuzz
limits=()
case $target in
parse_code) max_len=128 ;;   # codes are short; longer inputs only repeat the malformed case
load_file | cache_entry) max_len=8192; limits=(-malloc_limit_mb=512 -rss_limit_mb=1024) ;;
*) max_len=4096 ;;
esac
cargo +nightly fuzz run -s none -a -O "$target" "corpus/$target" -- \
    -runs="$runs" -max_len="$max_len" "${limits[@]}" -print_final_stats=1

#!/usr/bin/env bash
# Load check: wrk against the example account server on loopback, an error
# response beside a plain 200 response of the same size, in the same run.
# Prints requests per second for each, their ratio, and fails when a request
# failed (socket errors, or a status other than the one expected).
#
#   scripts/load-check.sh [SECONDS] [CONNECTIONS]
#
# Installs wrk from Debian's packages when it is missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}

if ! command -v wrk >/dev/null; then
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
cargo build --quiet --release --example account_server --features axum,utoipa
server=target/release/examples/account_server

run_server() { # LOG-LEVEL
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ACCOUNT_SERVER_LOG=$1 "$server" "127.0.0.1:$port" 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && return
        sleep 0.05
    done
    echo "the server did not start" >&2
    exit 1
}

# load NAME URL EXPECTED-STATUS: prints requests per second; fails on any
# socket error or unexpected status.
load() {
    local name=$1 url=$2 status=$3
    local got
    got=$(curl -s -o /dev/null -w '%{http_code}' "$url")
    [[ $got == "$status" ]] || { echo "$name answered $got, expected $status" >&2; exit 1; }
    local out
    out=$(wrk -t1 -c"$connections" -d"${seconds}s" "$url")
    local requests non2xx errors rps
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
    errors=$(awk '/Socket errors:/ {print $4 $6 $8 $10}' <<<"$out" | tr -d ',')
    rps=$(awk '/Requests\/sec:/ {print $2}' <<<"$out")
    if [[ -n $errors && $errors != 0000 ]]; then
        echo "$name: socket errors: $(grep 'Socket errors' <<<"$out")" >&2
        exit 1
    fi
    if [[ $status == 200 && -n $non2xx ]] || [[ $status != 200 && ${non2xx:-0} != "$requests" ]]; then
        echo "$name: $non2xx of $requests responses had another status than $status" >&2
        exit 1
    fi
    echo "$rps $requests"
}

report() { # LOG-LEVEL
    run_server "$1"
    local base="http://127.0.0.1:$port"
    local error_url="$base/sandbox/errors/GEN-1206-100007"
    local size
    size=$(curl -s "$error_url" | wc -c)
    read -r error_rps error_n < <(load "error" "$error_url" 404)
    read -r ok_rps ok_n < <(load "ok" "$base/sandbox/ok?len=$size" 200)
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    printf '| %-9s | %5d B | %10.0f | %10.0f | %5.2f | %d + %d, none failed |\n' \
        "$1" "$size" "$error_rps" "$ok_rps" "$(echo "$error_rps / $ok_rps" | bc -l)" "$error_n" "$ok_n"
}

wrk --version 2>&1 | head -1 || true
echo "wrk -t1 -c$connections -d${seconds}s, server and wrk on the same $(nproc)-core machine"
echo
echo "| log level | body    | error req/s | 200 req/s | ratio | requests |"
echo "|-----------|---------|------------:|----------:|------:|----------|"
report off
report info

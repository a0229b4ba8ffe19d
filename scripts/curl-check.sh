#!/usr/bin/env bash
# The example account server, checked with curl: starts it on a free port of
# 127.0.0.1, asks for each documented error and a resource, and checks the
# status, Content-Type, Response-ID and body of each answer.
#
#   scripts/curl-check.sh                       # builds the example first
#   ERRCAT_SERVER_BIN=path/to/account_server scripts/curl-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

server=${ERRCAT_SERVER_BIN:-}
if [[ -z $server ]]; then
    cargo build --quiet --example account_server --features axum,utoipa
    server=target/debug/examples/account_server
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$server" "127.0.0.1:$port" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.05
done

base="http://127.0.0.1:$port"
id=0f8fad5b-d9cb-469f-a165-70867728950e
failures=0

# check NAME STATUS CONTENT-TYPE BODY-PATTERN curl-arguments...
# (the Response-ID expected is $id, or $expect_id when set)
check() {
    local name=$1 status=$2 type=$3 pattern=$4
    shift 4
    local headers body
    headers=$(mktemp)
    body=$(curl -s -D "$headers" "$@")
    local got_status got_type got_id
    got_status=$(awk 'NR==1 {print $2}' "$headers")
    got_type=$(grep -i '^content-type:' "$headers" | cut -d' ' -f2- | tr -d '\r')
    got_id=$(grep -i '^response-id:' "$headers" | cut -d' ' -f2- | tr -d '\r')
    rm -f "$headers"
    local problems=()
    [[ $got_status == "$status" ]] || problems+=("status $got_status, expected $status")
    [[ $got_type == "$type" ]] || problems+=("content-type '$got_type', expected '$type'")
    local want_id=${expect_id:-$id}
    [[ $got_id == "$want_id" ]] || problems+=("response-id '$got_id', expected '$want_id'")
    grep -q -- "$pattern" <<<"$body" || problems+=("body $body does not match $pattern")
    if ((${#problems[@]})); then
        printf 'FAIL %s: %s\n' "$name" "${problems[*]}"
        failures=$((failures + 1))
    else
        printf 'ok   %s\n' "$name"
    fi
}

auth=(-H "request-id: $id" -H "authorization: Bearer token-1" -H "psu-ip-address: 192.0.2.10")
json=application/json
vendor="application/vnd.belfius.api+json; version=1"

check "accounts" 200 "$vendor" '"logicalId":"BE-0001"' "${auth[@]}" "$base/accounts"
check "missing Authorization" 401 $json '"error_code":"GEN-1203-100003"' -H "request-id: $id" "$base/accounts"
expect_id=42 check "malformed Request-ID" 400 $json '"error_code":"GEN-1202-100001"' -H "request-id: 42" -H "authorization: Bearer token-1" "$base/accounts"
check "invalid token" 401 $json '"error_code":"GEN-1203-100003"' -H "request-id: $id" -H "authorization: Bearer nope" "$base/accounts"
check "unsupported version" 404 $json "\"error_code\":\"GEN-1206-100002\".*are '1'" "${auth[@]}" -H "accept: application/vnd.belfius.api+json; version=9" "$base/accounts"
check "unsupported media type" 406 $json '"error_code":"GEN-1206-100006"' "${auth[@]}" -H "accept: text/html" "$base/accounts"
check "unknown logical id" 404 $json '"error_code":"GEN-1206-100007"' "${auth[@]}" "$base/accounts/BE-9999"
check "method not allowed" 405 $json '"error_code":"GEN-1206-100003"' "${auth[@]}" -X DELETE "$base/accounts/BE-0001"
check "no such route" 404 $json '"error_code":"GEN-1206-100001"' "${auth[@]}" "$base/nowhere"
check "internal error, reason withheld" 500 $json '"error_description":"Internal error occurred with reason : "}' "${auth[@]}" "$base/accounts/BE-BROKEN/transactions"
check "problem+json" 401 application/problem+json '"type":"/problems/GEN-1203-100003".*"status":401' -H "request-id: $id" -H "authorization: Bearer nope" -H "accept: application/problem+json" "$base/accounts"
unattended=(-H "request-id: $id" -H "authorization: Bearer token-9")
for call in 1 2 3 4; do
    check "unattended call $call" 200 "$vendor" '"accounts"' "${unattended[@]}" "$base/accounts"
done
check "fifth unattended call" 429 $json '"error_code":"GEN-1205-100002"' "${unattended[@]}" "$base/accounts"

# The withheld reason reached the log, on one line with its fields.
if grep -q 'ERROR errcat: Internal error occurred with reason : ledger shard 7 unreachable.*http.response.status_code=500' "$log"; then
    echo "ok   the reason is in the server's log"
else
    echo "FAIL the reason is not in the server's log:"
    cat "$log"
    failures=$((failures + 1))
fi

if ((failures)); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all curl checks passed"

#!/usr/bin/env bash
# Installs what the tests run beside errcat into target/ (nothing system-wide):
#   target/pytools    from PyPI: openapi-spec-validator (cli/tests/publish.rs),
#                     werkzeug (tests/negotiation.rs), Schemathesis
#                     (tests/schemathesis.rs), chDB, ClickHouse embedded, and
#                     DuckDB (cli/tests/engines.rs), openpyxl, a spreadsheet
#                     reader (cli/tests/spreadsheet.rs), protobuf and
#                     googleapis-common-protos (Google's google.rpc types) and
#                     jsonschema (tests/format_peers.rs)
#   target/nodetools  negotiator (tests/negotiation.rs), from npm
# Versions of the peers are pinned: the tests compare errcat with them, and a
# new release must not change a verdict unnoticed. The tests call this script
# when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

WERKZEUG=3.1.9
SCHEMATHESIS=4.32.5
CHDB=4.4.0
DUCKDB=2.0.1
OPENPYXL=3.1.5
# openpyxl's one dependency, pinned as well.
ET_XMLFILE=2.0.0
PROTOBUF=7.36.2
GOOGLEAPIS_COMMON_PROTOS=1.76.0
# openapi-spec-validator brings it too; tests/format_peers.rs uses it itself.
JSONSCHEMA=4.26.0
NEGOTIATOR=1.1.0
# negotiator's one dependency, pinned as well.
CONTENT_TYPE=2.1.0

installed() {
    [ -d "target/pytools/$1-$2.dist-info" ]
}

if ! PYTHONPATH=target/pytools python3 -c 'import openapi_spec_validator' 2>/dev/null \
    || ! installed werkzeug "$WERKZEUG" || ! installed schemathesis "$SCHEMATHESIS" \
    || ! installed chdb "$CHDB" || ! installed duckdb "$DUCKDB" \
    || ! installed openpyxl "$OPENPYXL" \
    || ! installed protobuf "$PROTOBUF" \
    || ! installed googleapis_common_protos "$GOOGLEAPIS_COMMON_PROTOS" \
    || ! installed jsonschema "$JSONSCHEMA"; then
    # One resolution for all of them: they share dependencies (jsonschema).
    python3 -m pip install --quiet --disable-pip-version-check --upgrade --target target/pytools \
        openapi-spec-validator "werkzeug==$WERKZEUG" "schemathesis==$SCHEMATHESIS" \
        "chdb==$CHDB" "duckdb==$DUCKDB" "openpyxl==$OPENPYXL" "et-xmlfile==$ET_XMLFILE" \
        "protobuf==$PROTOBUF" "googleapis-common-protos==$GOOGLEAPIS_COMMON_PROTOS" "jsonschema==$JSONSCHEMA"
fi

if ! grep -qs "\"version\": \"$NEGOTIATOR\"" target/nodetools/node_modules/negotiator/package.json \
    || ! grep -qs "\"version\": \"$CONTENT_TYPE\"" target/nodetools/node_modules/content-type/package.json; then
    npm install --silent --no-audit --no-fund --no-save --prefix target/nodetools \
        "negotiator@$NEGOTIATOR" "content-type@$CONTENT_TYPE"
fi

echo "werkzeug $WERKZEUG, Schemathesis $SCHEMATHESIS, chDB $CHDB, DuckDB $DUCKDB, openpyxl $OPENPYXL, protobuf $PROTOBUF," \
    "googleapis-common-protos $GOOGLEAPIS_COMMON_PROTOS, jsonschema $JSONSCHEMA, negotiator $NEGOTIATOR in target/"

# Headless Chromium (Debian's) and playwright-core, for the HTML page's
# browser test (cli/tests/browser.rs).
bash scripts/install-browser.sh

#!/usr/bin/env bash
# Installs what the tests run beside errcat into target/ (nothing system-wide):
#   target/pytools    openapi-spec-validator (cli/tests/publish.rs) and
#                     werkzeug (tests/negotiation.rs), from PyPI
#   target/nodetools  negotiator (tests/negotiation.rs), from npm
# Versions of the negotiation peers are pinned: the test compares errcat's
# choices with theirs. The tests call this script when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

WERKZEUG=3.1.9
NEGOTIATOR=1.1.0
# negotiator's one dependency, pinned as well.
CONTENT_TYPE=2.1.0

if ! PYTHONPATH=target/pytools python3 -c 'import openapi_spec_validator' 2>/dev/null \
    || [ ! -d "target/pytools/werkzeug-$WERKZEUG.dist-info" ]; then
    python3 -m pip install --quiet --disable-pip-version-check --upgrade --target target/pytools \
        openapi-spec-validator "werkzeug==$WERKZEUG"
fi

if ! grep -qs "\"version\": \"$NEGOTIATOR\"" target/nodetools/node_modules/negotiator/package.json \
    || ! grep -qs "\"version\": \"$CONTENT_TYPE\"" target/nodetools/node_modules/content-type/package.json; then
    npm install --silent --no-audit --no-fund --no-save --prefix target/nodetools \
        "negotiator@$NEGOTIATOR" "content-type@$CONTENT_TYPE"
fi

echo "werkzeug $WERKZEUG, negotiator $NEGOTIATOR in target/"

# Headless Chromium (Debian's) and playwright-core, for the HTML page's
# browser test (cli/tests/browser.rs).
bash scripts/install-browser.sh

#!/usr/bin/env bash
# Installs the browser that cli/tests/browser.rs loads the HTML page in:
#   /usr/bin/chromium             headless Chromium, from Debian's packages
#   target/nodetools/playwright   playwright-core, from npm, which drives that
#                                 Chromium (it downloads no browser of its own)
# Quiet when both are there already. The test runs this script when either
# is missing; install-test-tools.sh (and so .ci/run) runs it up front.
set -euo pipefail
cd "$(dirname "$0")/.."

PLAYWRIGHT=1.65.1

if [ ! -x /usr/bin/chromium ]; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
fi

# A prefix of its own: an `npm install --no-save` into target/nodetools
# would prune the negotiation peers installed there.
if ! grep -qs "\"version\": \"$PLAYWRIGHT\"" target/nodetools/playwright/node_modules/playwright-core/package.json; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund --no-save \
        --prefix target/nodetools/playwright "playwright-core@$PLAYWRIGHT"
fi

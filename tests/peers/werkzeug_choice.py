"""Which offered media type werkzeug's MIMEAccept chooses for each Accept header.

Reads a JSON array of {"accept": header, "offers": [media type, ...]} on
standard input; writes a JSON array of {"choice": media type or null,
"qualities": [the quality werkzeug gives each offer]} on standard output.
Run by tests/negotiation.rs with PYTHONPATH=target/pytools.
"""

import json
import sys

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def answer(case):
    accept = parse_accept_header(case["accept"], MIMEAccept)
    offers = case["offers"]
    return {
        "choice": accept.best_match(offers),
        "qualities": [accept.quality(offer) for offer in offers],
    }


json.dump([answer(case) for case in json.load(sys.stdin)], sys.stdout)

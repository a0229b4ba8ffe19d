#!/usr/bin/env python3
"""Writes a synthetic catalogue in the shape of the real one, for scale tests.

Usage: scripts/generate-catalogue.py ROWS > catalogue.toml

Both code families (GEN-1201-100001 and B14800ZZ-3002-000000), every status
of the real table, a token per twenty rows, and a placeholder in two rows
of every five (`input`, and the private `reason`). It speaks every built-in
wire format, each row with a NextGenPSD2 message code the standard allows
for its status. Deterministic: the same ROWS gives the same file.
"""
import sys

STATUSES = [400, 401, 403, 404, 405, 406, 429, 495, 500, 503]

# A NextGenPSD2 message code per status (account information), one of the
# standard's for the statuses it fixes codes for.
BERLIN_GROUP = {
    400: "FORMAT_ERROR",
    401: "TOKEN_INVALID",
    403: "SERVICE_BLOCKED",
    404: "RESOURCE_UNKNOWN",
    405: "SERVICE_INVALID",
    406: "REQUESTED_FORMATS_INVALID",
    429: "ACCESS_EXCEEDED",
    495: "CERTIFICATE_INVALID",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


def main() -> None:
    rows = int(sys.argv[1])
    out = sys.stdout
    out.write(f"# {rows} synthetic rows written by scripts/generate-catalogue.py\n\n")
    out.write('[catalogue]\nformats = ["oauth", "problem", "aip-193", "json-api", "berlin-group"]\n\n')
    out.write('[placeholders.input]\npublished = "INPUT"\ndoc = "A value named at run time."\n\n')
    out.write('[placeholders.reason]\npublished = ""\ndoc = "Why it happened."\nprivate = true\n')
    for i in range(rows):
        status = STATUSES[i % len(STATUSES)]
        token = f"GENERATED_ERROR_{i // 20:04d}"
        if i % 2:
            code = f"GEN-{1200 + i % 97:04d}-{100000 + i:06d}"
        else:
            code = f"B{14000 + i % 900:05d}ZZ-{i % 10000:04d}-{i:06d}"
        if i % 5 == 0:
            description = f"Generated error {i} with input '{{input}}'"
        elif i % 5 == 1:
            description = f"Generated error {i} occurred with reason : {{reason}}"
        else:
            description = f"Generated error {i} for the account."
        scenario = f"Request {i} received in a synthetic scenario"
        out.write(
            f'\n[[errors]]\nstatus = {status}\nerror = "{token}"\ncode = "{code}"\n'
            f'description = "{description}"\nscenario = "{scenario}"\n'
            f'berlin_group = "{BERLIN_GROUP[status]}"\n'
        )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a realistic service log for benches/scan.rs, and the codes to look for.

Usage: scripts/generate-log.py LOG_PATH SIZE_MIB [CATALOGUE_JSON]

Lines carry timestamps, levels, request ids, methods, paths and latencies;
about 1% carry a catalogue code, and as many again carry near misses that
must not count (a digit more, a letter before, lowercase, underscores).
CODES.txt beside the log lists the codes, one per line, for rg -f / grep -f.
The codes come from `errcat table --format json` (CATALOGUE_JSON), so the
log follows whatever catalogue errcat was built from. Deterministic.
"""
import json
import os
import random
import sys


def main() -> None:
    path, size_mib = sys.argv[1], int(sys.argv[2])
    catalogue = sys.argv[3] if len(sys.argv) > 3 else None
    if catalogue:
        with open(catalogue) as f:
            codes = [row["code"] for row in json.load(f)]
    else:
        codes = ["GEN-1201-100001", "GEN-1203-100003", "B14800ZZ-3002-000000"]
    with open(os.path.join(os.path.dirname(path) or ".", "codes.txt"), "w") as f:
        f.write("\n".join(codes) + "\n")
    rng = random.Random(7)
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    paths = ["/accounts", "/accounts/{id}", "/accounts/{id}/transactions", "/accounts/{id}/balances", "/consents"]
    methods = ["GET", "GET", "GET", "POST", "DELETE"]
    target = size_mib << 20
    written = 0
    chunk = []
    second = 0
    with open(path, "w") as out:
        while written < target:
            second += 1
            ts = f"2026-11-23T{(second // 3600) % 24:02d}:{(second // 60) % 60:02d}:{second % 60:02d}.{rng.randrange(1000):03d}Z"
            rid = f"{rng.getrandbits(64):016x}"
            status = rng.choice([200, 200, 200, 201, 204, 304])
            p = rng.choice(paths).replace("{id}", f"BE{rng.randrange(10**10):010d}")
            line = f"{ts} {rng.choice(levels):5} req={rid} {rng.choice(methods)} {p} status={status} latency_ms={rng.randrange(1, 900)}"
            roll = rng.random()
            if roll < 0.01:
                code = rng.choice(codes)
                line += f" error_code={code} msg=\"request rejected\""
            elif roll < 0.02:
                code = rng.choice(codes)
                miss = rng.choice([code + "1", "X" + code, code.lower(), code.replace("-", "_")])
                line += f" note={miss}"
            chunk.append(line)
            if len(chunk) == 10000:
                text = "\n".join(chunk) + "\n"
                out.write(text)
                written += len(text)
                chunk = []
        if chunk:
            out.write("\n".join(chunk) + "\n")


if __name__ == "__main__":
    main()

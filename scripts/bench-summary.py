#!/usr/bin/env python3
"""Prints criterion's estimates as a table: one line per benchmark with the
mean time per iteration, and each group's ratios against its baselines.

Usage: scripts/bench-summary.py [GROUP_PREFIX...]   (after `cargo bench`)
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
prefixes = sys.argv[1:]
rows = []
for estimates in sorted(root.glob("**/new/estimates.json")):
    bench = json.loads((estimates.parent / "benchmark.json").read_text())
    name = bench["full_id"]
    if prefixes and not any(name.startswith(p) for p in prefixes):
        continue
    mean = json.loads(estimates.read_text())["mean"]["point_estimate"]
    elements = (bench.get("throughput") or {}).get("Elements")
    rows.append((bench["group_id"], name, mean, mean / elements if elements else mean))

groups = {}
for group, name, mean, per in rows:
    groups.setdefault(group, []).append((name, per))
for group, items in groups.items():
    print(group)
    # The reference of a group: its first errcat entry in this order.
    preferred = ["errcat_from_code", "errcat_write_json", "errcat_from_token", "errcat_scan"]
    candidates = sorted(
        (per for name, per in items if "/errcat" in name),
        key=lambda per: next(
            (i for i, p in enumerate(preferred) for name, q in items if q == per and f"/{p}" in name),
            len(preferred),
        ),
    )
    ours = candidates
    for name, per in items:
        ratio = ""
        if ours and "/errcat" not in name:
            ratio = f"  baseline / errcat = {per / ours[0]:.2f}x"
        elif ours and per != ours[0]:
            ratio = f"  this / first errcat = {per / ours[0]:.2f}x"
        print(f"  {name.split('/', len(group.split('/')))[-1]:<40} {per:9.2f} ns{ratio}")

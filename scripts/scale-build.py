#!/usr/bin/env python3
"""Measures how long a user's crate with a catalogue takes to build, and the
compiler's peak memory, with synthetic catalogues of 27, 1,000, 5,000 and
10,000 rows, one catalogue in the crate and two.

Usage: scripts/scale-build.py [ROWS...]      (default: 27 1000 5000 10000)

The crate is the scale fixture, examples/scale: errcat as a dependency,
errcat-build as a build dependency, `include_catalogue!` in its library,
the catalogue named by ERRCAT_SCALE_CATALOGUE (with the feature `two`, the
same file again as a second catalogue). What is timed is that crate alone:
its build script compiled and run, then its library, with incremental
compilation off. errcat, errcat-build and every other dependency are built
once beforehand, in target/scale-build, so that they are not part of the
figure. Each build runs three times; the table shows the median time and
the largest peak. Peak memory is the resident set of the largest process
(rustc), from getrusage.
"""
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = ROOT / "target" / "scale-build"
RUNS = 3
PROFILES = [("dev", []), ("release", ["--release"])]
FEATURES = [("one catalogue", []), ("two catalogues", ["--features", "two"])]


def measure(args, env):
    """Runs cargo in a child of its own, so that getrusage sees that build only."""
    child = [sys.executable, __file__, "--measure", json.dumps(args)]
    out = subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def run_and_report(args):
    start = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mib": usage.ru_maxrss / 1024}))


def catalogue(rows):
    path = TARGET / f"catalogue-{rows}.toml"
    with open(path, "w") as out:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-catalogue.py"), str(rows)],
                       stdout=out, check=True)
    return path


def main():
    sizes = [int(arg) for arg in sys.argv[1:]] or [27, 1000, 5000, 10000]
    TARGET.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET), CARGO_INCREMENTAL="0")
    results = {}
    for profile, profile_args in PROFILES:
        for features, feature_args in FEATURES:
            build = ["cargo", "build", "--quiet", "-p", "scale", "--lib", *profile_args,
                     *feature_args]
            # Dependencies first, untimed.
            subprocess.run(build, cwd=ROOT, env=env, check=True)
            for rows in sizes:
                run_env = dict(env, ERRCAT_SCALE_CATALOGUE=str(catalogue(rows)))
                walls, cpus, peaks = [], [], []
                for _ in range(RUNS):
                    # A changed build script: compiled, run, and the library rebuilt.
                    os.utime(ROOT / "examples" / "scale" / "build.rs")
                    figures = measure(build, run_env)
                    walls.append(figures["wall"])
                    cpus.append(figures["cpu"])
                    peaks.append(figures["peak_mib"])
                results[(profile, features, rows)] = (statistics.median(walls), max(peaks),
                                                      statistics.median(cpus))
                wall, peak, cpu = results[(profile, features, rows)]
                print(f"{rows:>6} rows  {profile:<8} {features:<19} {wall:5.1f} s  {cpu:5.1f} s CPU"
                      f"  {peak:4.0f} MiB", file=sys.stderr)
    print("| rows | profile | features | build (median of 3) | CPU time (median) | peak memory |")
    print("|---|---|---|---|---|---|")
    for (profile, features, rows), (wall, peak, cpu) in results.items():
        print(f"| {rows:,} | {profile} | {features} | {wall:.1f} s | {cpu:.1f} s | {peak:.0f} MiB |")
    if len(sizes) >= 3:
        print()
        print("Marginal cost per 1,000 rows (time, then memory), step by step:")
        for profile, _ in PROFILES:
            for features, _ in FEATURES:
                steps = []
                for low, high in zip(sizes, sizes[1:]):
                    (t0, m0, _), (t1, m1, _) = (results[(profile, features, rows)]
                                                for rows in (low, high))
                    per = 1000 / (high - low)
                    steps.append(f"{low:,}->{high:,}: {(t1 - t0) * per:.2f} s, {(m1 - m0) * per:.0f} MiB")
                print(f"- {profile}, {features}: " + "; ".join(steps))

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        os.chdir(ROOT)
        run_and_report(json.loads(sys.argv[2]))
    else:
        main()

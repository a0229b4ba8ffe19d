#!/usr/bin/env python3
"""What rustc needs for the items every catalogue of N rows must have, in an
empty crate or in errcat itself: the floor under errcat's build figures at
that size.

Usage: scripts/rustc-floor.py [ROWS]      (default: 10000)
       scripts/rustc-floor.py --in-crate [ROWS]

What a generated catalogue costs in a crate of its own, against this floor,
is scripts/scale-build.py's.

Each case is one file compiled as a library the way cargo's dev profile
does (debug info on, no optimisation, no incremental), with no dependency:

- empty: a stand-in `ApiError` (a code and a Vec of values) and the helper
  constructors call; nothing per row. rustc's own baseline.
- enum: that, plus an N-variant `#[repr(u16)]` enum with a doc line each.
- constructors: that, plus one typed constructor per row, in the shape
  errcat generates: `#[inline]`, one `impl Into<Cow<'static, str>>`
  argument per placeholder (every third row has one), a doc line.
- plain functions: the same N functions without the generic argument, to
  show what the `impl Into` costs.

It prints each case's wall time and peak resident memory (getrusage of the
rustc child), and what the per-row part adds per 1,000 rows.

The third form asks the question for errcat itself: a copy of the tracked
files (in target/rustc-floor) is built as a library (dev profile, no default
features, incremental off), once as shipped (27 rows), and once with a module
added to src/lib.rs that holds only what every catalogue of ROWS rows needs,
whatever its generator: an exhaustive enum of ROWS variants with a doc line
each, and one typed constructor per row on the real `ApiError`, each a
single call of the library's own helper (a build in between leaves the
constructors out). No table, no text, no further docs. rustc runs under
this script as RUSTC_WRAPPER, which records the errcat library's time and
peak memory; three builds of each case, the median time and the largest
peak.
"""
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

PRELUDE = """use std::borrow::Cow;

pub struct ApiError {
    pub code: u16,
    pub values: Vec<Cow<'static, str>>,
}

impl ApiError {
    #[inline]
    fn filled<const N: usize>(code: u16, values: [Cow<'static, str>; N]) -> ApiError {
        ApiError { code, values: Vec::from(values) }
    }
}
"""


def enum(rows):
    variants = "\n".join(
        f"    /// `GEN-1201-{row:06}`: generated error {row}.\n    GeneratedError{row},"
        for row in range(rows)
    )
    return f"#[repr(u16)]\npub enum ErrorCode {{\n{variants}\n}}\n"


def constructors(rows, generic):
    out = ["impl ApiError {"]
    for row in range(rows):
        out.append(f"    /// `GEN-1201-{row:06}`: generated error {row}.")
        out.append("    #[inline]")
        if row % 3 == 0 and generic:
            out.append(f"    pub fn generated_error{row}(input: impl Into<Cow<'static, str>>) -> ApiError {{")
            out.append(f"        ApiError::filled({row}, [input.into()])")
        elif row % 3 == 0:
            out.append(f"    pub fn generated_error{row}(input: Cow<'static, str>) -> ApiError {{")
            out.append(f"        ApiError::filled({row}, [input])")
        else:
            out.append(f"    pub fn generated_error{row}() -> ApiError {{")
            out.append(f"        ApiError::filled({row}, [])")
        out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def measure(source, workdir):
    """Compiles `source` in a child of its own, so getrusage sees that rustc only."""
    path = workdir / "case.rs"
    path.write_text(source)
    child = [sys.executable, __file__, "--measure", str(path), str(workdir)]
    return json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)


def compile_and_report(path, workdir):
    args = ["rustc", "--crate-type", "lib", "--edition", "2024", "-C", "debuginfo=2",
            "-C", "opt-level=0", "-A", "dead_code", "--out-dir", workdir, path]
    start = time.monotonic()
    subprocess.run(args, check=True)
    wall = time.monotonic() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "peak_mib": peak_kib / 1024}))


def floor_module(rows, constructors=True):
    """The least a ROWS-row catalogue adds to errcat: the enum and the constructors.

    Two codes of the shipped catalogue stand in for every row, one with a
    placeholder and one without, so that each constructor is exactly the
    call errcat's generated ones make."""
    out = ["", "#[doc(hidden)]", "#[allow(missing_docs)]", "pub mod floor {"]
    if constructors:
        out += ["    use std::borrow::Cow;", "", "    use crate::{ApiError, ErrorCode};", ""]
    out += ["    #[repr(u16)]", "    pub enum FloorCode {"]
    for row in range(rows):
        out.append(f"        /// `FLR-0000-{row:06}`: floor error {row}.")
        out.append(f"        FloorError{row},")
    out.append("    }")
    if not constructors:
        return "\n".join(out + ["}", ""])
    out += ["", "    impl ApiError {"]
    for row in range(rows):
        out.append(f"        /// `FLR-0000-{row:06}`: floor error {row}.")
        out.append("        #[inline]")
        if row % 3 == 0:
            out.append(f"        pub fn floor_error{row}(input: impl Into<Cow<'static, str>>) -> ApiError {{")
            out.append("            ApiError::filled(ErrorCode::MissingHeaderInput, [input.into()])")
        else:
            out.append(f"        pub fn floor_error{row}() -> ApiError {{")
            out.append("            ApiError::filled(ErrorCode::InvalidHeaderInput, [])")
        out.append("        }")
    out += ["    }", "}", ""]
    return "\n".join(out)


def in_crate(rows):
    work = ROOT / "target" / "rustc-floor"
    copy = work / "errcat"
    shutil.rmtree(copy, ignore_errors=True)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split("\0")
    for name in filter(None, tracked):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    log = work / "peaks.jsonl"
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"), CARGO_INCREMENTAL="0",
               RUSTC_WRAPPER=str(pathlib.Path(__file__).resolve()), RUSTC_FLOOR_LOG=str(log))
    build = ["cargo", "build", "--quiet", "--lib", "--no-default-features"]
    lib = copy / "src" / "lib.rs"
    shipped = lib.read_text()
    subprocess.run(build, cwd=copy, env=env, check=True)  # dependencies, unmeasured
    cases = [("errcat as shipped (27 rows)", shipped),
             (f"+ a {rows:,}-variant enum, nothing else", shipped + floor_module(rows, False)),
             (f"+ that enum and {rows:,} typed constructors, nothing else",
              shipped + floor_module(rows))]
    print("| errcat library, dev, no default features | rustc time | rustc peak |")
    print("|---|---|---|")
    for name, source in cases:
        lib.write_text(source)
        figures = []
        for _ in range(3):
            log.unlink(missing_ok=True)
            os.utime(lib)
            subprocess.run(build, cwd=copy, env=env, check=True)
            figures += [json.loads(line) for line in log.read_text().splitlines()]
        wall = sorted(f["wall"] for f in figures)[len(figures) // 2]
        peak = max(f["peak_mib"] for f in figures)
        print(f"| {name} | {wall:.2f} s | {peak:.0f} MiB |", flush=True)


def wrap_rustc(args):
    """RUSTC_WRAPPER: runs rustc, and records the errcat library's time and peak."""
    # cargo's jobserver reaches rustc as two descriptors named in CARGO_MAKEFLAGS.
    auth = [flag for flag in os.environ.get("CARGO_MAKEFLAGS", "").split()
            if flag.startswith("--jobserver-auth=")]
    fds = auth[-1].split("=", 1)[1].split(",") if auth else []
    jobserver = tuple(int(fd) for fd in fds if fd.isdigit())
    start = time.monotonic()
    code = subprocess.run(args, pass_fds=jobserver).returncode
    if "--crate-name" in args and args[args.index("--crate-name") + 1] == "errcat" \
            and "lib" in args and code == 0:
        wall = time.monotonic() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with open(os.environ["RUSTC_FLOOR_LOG"], "a") as log:
            log.write(json.dumps({"wall": wall, "peak_mib": peak_kib / 1024}) + "\n")
    sys.exit(code)


def main():
    if sys.argv[1:2] == ["--in-crate"]:
        in_crate(int(sys.argv[2]) if len(sys.argv) > 2 else 10000)
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    cases = [
        ("empty", PRELUDE),
        ("enum", PRELUDE + enum(rows)),
        ("constructors", PRELUDE + constructors(rows, generic=True)),
        ("plain functions", PRELUDE + constructors(rows, generic=False)),
    ]
    with tempfile.TemporaryDirectory() as workdir:
        results = {name: measure(source, pathlib.Path(workdir)) for name, source in cases}
    base = results["empty"]["peak_mib"]
    print(f"| case ({rows:,} rows) | rustc time | rustc peak | added per 1,000 rows |")
    print("|---|---|---|---|")
    for name, figures in results.items():
        added = (figures["peak_mib"] - base) * 1000 / rows
        extra = "" if name == "empty" else f"{added:.1f} MiB"
        print(f"| {name} | {figures['wall']:.2f} s | {figures['peak_mib']:.0f} MiB | {extra} |")


if __name__ == "__main__":
    if "RUSTC_FLOOR_LOG" in os.environ and len(sys.argv) > 1 and not sys.argv[1].startswith("--"):
        wrap_rustc(sys.argv[1:])
    elif len(sys.argv) == 4 and sys.argv[1] == "--measure":
        compile_and_report(sys.argv[2], sys.argv[3])
    else:
        main()

#!/usr/bin/env python3
"""What rustc alone needs for the items a catalogue of N rows must have,
outside errcat: the floor under errcat's build figures at that size.

Usage: scripts/rustc-floor.py [ROWS]      (default: 10000)
       scripts/rustc-floor.py --generated PATH

The second form compiles a catalogue that errcat's build script generated
(`target/debug/build/errcat-*/out/catalogue.rs` after a build with
ERRCAT_CATALOGUE set) on its own, against a stub of the few library items
it names, with and without its constructors: what a catalogue crate split
from the library would cost.

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
"""
import json
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

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


# What the generated file names from the library, stubbed.
GENERATED_PRELUDE = """#![allow(dead_code, missing_docs)]
use std::borrow::Cow;

pub struct Phf {
    pub seed: u64,
    pub pilots: &'static [u16],
    pub slots: &'static [u32],
    pub lengths: u64,
}

pub struct ApiError {
    code: ErrorCode,
    values: Vec<Cow<'static, str>>,
}

impl ApiError {
    #[inline]
    fn filled<const N: usize>(code: ErrorCode, values: [Cow<'static, str>; N]) -> ApiError {
        ApiError { code, values: Vec::from(values) }
    }
}

const fn pick<const N: usize, const M: usize>(all: &[ErrorCode; N], at: &[u32; M]) -> [ErrorCode; M] {
    let mut codes = [all[0]; M];
    let mut index = 0;
    while index < M {
        codes[index] = all[at[index] as usize];
        index += 1;
    }
    codes
}

impl Clone for ErrorCode { fn clone(&self) -> Self { *self } }
impl Copy for ErrorCode {}
impl Clone for ErrorKind { fn clone(&self) -> Self { *self } }
impl Copy for ErrorKind {}
"""


def generated_cases(path):
    text = pathlib.Path(path).read_text()
    start = text.index("/// One constructor per row")
    end = text.index("pub const CATALOGUE_FINGERPRINT")
    return [
        ("generated file, constructors left out", GENERATED_PRELUDE + text[:start] + text[end:]),
        ("generated file, whole", GENERATED_PRELUDE + text),
    ]


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


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--generated":
        with tempfile.TemporaryDirectory() as workdir:
            print("| case | rustc time | rustc peak |")
            print("|---|---|---|")
            for name, source in generated_cases(sys.argv[2]):
                figures = measure(source, pathlib.Path(workdir))
                print(f"| {name} | {figures['wall']:.2f} s | {figures['peak_mib']:.0f} MiB |")
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
    if len(sys.argv) == 4 and sys.argv[1] == "--measure":
        compile_and_report(sys.argv[2], sys.argv[3])
    else:
        main()

#!/usr/bin/env python3
"""Instructions per operation, this checkout against an older revision: a
comparison that holds on a noisy machine, where wall-clock benchmarks of two
builds run one after the other do not.

Usage: scripts/ab-instructions.py [OLD_REV]      (default: a85fc92, the last
                                                  commit with one catalogue;
                                                  issue 16 compared with
                                                  a528860, the commit it
                                                  started from)

Builds one small program (in release) twice, against errcat at OLD_REV (a
git worktree in target/ab/old) and against this checkout, and counts with
valgrind's callgrind the instructions of each operation: a run of N
iterations minus a run of none, divided by N. The program uses only what
both versions have (errcat's own catalogue); against this checkout it also
times the same operations on the payments crate's catalogue and on the
scale fixture's (as large as ERRCAT_SCALE_CATALOGUE says). Also counts
`errcat scan` on an 8 MiB log. Prints a Markdown table. With AB_FORMATS=1,
also a table of each wire format of this checkout, written and decoded,
beside serde_json on derived structs of the body's shape.
"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "ab"
N = 20000

MAIN = r'''
use std::hint::black_box;
use errcat::{ApiError, ErrorCode, ErrorKind};

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap();
    let n: usize = args.next().unwrap().parse().unwrap();
    let codes: Vec<String> = ErrorCode::ALL.iter().map(|c| c.code().to_owned()).collect();
    let misses: Vec<String> = codes.iter().map(|c| {
        let mut b = c.clone().into_bytes();
        let l = b.len() - 1;
        b[l] = if b[l] == b'Z' { b'Y' } else { b'Z' };
        String::from_utf8(b).unwrap()
    }).collect();
    let long: Vec<String> = codes.iter().map(|c| format!("{c}XXXXXXXX")).collect();
    let tokens: Vec<String> = ErrorKind::ALL.iter().map(|k| k.token().to_ascii_lowercase()).collect();
    let with = ApiError::missing_header_input("Request-ID");
    let without = ApiError::invalid_jwt();
    let hostile = ApiError::missing_header_input("x\"\r\n\u{1b}[31m\u{2028}é".repeat(4));
    let known = with.to_json().into_bytes();
    let headers = http::HeaderMap::new();
    let mut out = Vec::with_capacity(1024);
    #[cfg(feature = "catalogues")]
    let others = others::Others::new();
    for _ in 0..n {
        match op.as_str() {
            "hit" => for c in &codes { black_box(ErrorCode::from_code(black_box(c))); },
            "parse" => for c in &codes { black_box(black_box(c.as_str()).parse::<ErrorCode>().ok()); },
            "miss" => for c in &misses { black_box(ErrorCode::from_code(black_box(c))); },
            "wrong_length" => for c in &long { black_box(ErrorCode::from_code(black_box(c))); },
            "token" => for t in &tokens { black_box(ErrorKind::from_token(black_box(t))); },
            "json_with" => { out.clear(); black_box(&with).write_json(&mut out); black_box(&out); }
            "json_without" => { out.clear(); black_box(&without).write_json(&mut out); black_box(&out); }
            "problem" => { out.clear(); black_box(&with).write_problem_json("/problems/", &mut out); black_box(&out); }
            "hostile" => { out.clear(); black_box(&hostile).write_json(&mut out); black_box(&out); }
            "decode" => {
                black_box(errcat::client::decode(http::StatusCode::BAD_REQUEST, &headers, black_box(&known)).unwrap());
            }
            "serde_decode" => {
                black_box(serde_json::from_slice::<Owned>(black_box(&known)).unwrap());
            }
            "display" => { out.clear(); use std::io::Write; write!(out, "{}", black_box(&with)).unwrap(); black_box(&out); }
            #[cfg(feature = "catalogues")]
            other => others.run(other, &mut out),
            #[cfg(not(feature = "catalogues"))]
            other => panic!("{other}"),
        }
    }
}

/// What a client would otherwise deserialize an error body into.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Owned {
    error: String,
    error_code: String,
    error_description: String,
}

#[cfg(feature = "catalogues")]
mod others {
    use std::hint::black_box;
    use errcat::{ApiError, CatalogueCode, CatalogueKind};

    type P = payments::errors::ErrorCode;
    type S = scale::one::ErrorCode;

    pub struct Others {
        pcodes: Vec<String>,
        scodes: Vec<String>,
        ptokens: Vec<String>,
        stokens: Vec<String>,
        pwith: ApiError<P>,
        swith: ApiError<S>,
        pknown: Vec<u8>,
        sknown: Vec<u8>,
    }

    /// The catalogue's first code with one placeholder, filled.
    fn with<C: CatalogueCode>() -> ApiError<C> {
        let code = C::all().iter().copied().find(|code| code.placeholders().len() == 1).unwrap();
        ApiError::with_values(code, [(code.placeholders()[0], "Request-ID")]).unwrap()
    }

    /// 13 tokens in lowercase, as many as errcat's.
    fn tokens<K: CatalogueKind>() -> Vec<String> {
        K::all().iter().cycle().take(13).map(|k| k.wire_token().to_owned()).collect()
    }

    /// 27 codes spread over the catalogue, 13 tokens: as many as errcat's.
    fn spread<C: CatalogueCode>() -> Vec<String> {
        let step = (C::all().len() / 27).max(1);
        C::all().iter().step_by(step).take(27).map(|c| c.code().to_owned()).collect()
    }

    impl Others {
        pub fn new() -> Others {
            Others {
                pcodes: spread::<P>(),
                scodes: spread::<S>(),
                ptokens: tokens::<<P as CatalogueCode>::Kind>(),
                stokens: tokens::<<S as CatalogueCode>::Kind>(),
                pwith: with::<P>(),
                swith: with::<S>(),
                pknown: with::<P>().to_json().into_bytes(),
                sknown: with::<S>().to_json().into_bytes(),
            }
        }

        pub fn run(&self, op: &str, out: &mut Vec<u8>) {
            match op {
                "payments_hit" => for c in &self.pcodes { black_box(P::from_code(black_box(c))); },
                "scale_hit" => for c in &self.scodes { black_box(S::from_code(black_box(c))); },
                "payments_token" => for t in &self.ptokens {
                    black_box(<P as CatalogueCode>::Kind::from_token(black_box(t)));
                },
                "scale_token" => for t in &self.stokens {
                    black_box(<S as CatalogueCode>::Kind::from_token(black_box(t)));
                },
                "payments_json_with" => { out.clear(); black_box(&self.pwith).write_json(out); black_box(&out); }
                "scale_json_with" => { out.clear(); black_box(&self.swith).write_json(out); black_box(&out); }
                "payments_problem" => {
                    out.clear();
                    black_box(&self.pwith).write_problem_json("/problems/", out);
                    black_box(&out);
                }
                "scale_problem" => {
                    out.clear();
                    black_box(&self.swith).write_problem_json("/problems/", out);
                    black_box(&out);
                }
                "payments_decode" => {
                    let decoder = errcat::client::Decoder::<P>::for_catalogue();
                    let status = self.pwith.status();
                    black_box(decoder.decode(status, &http::HeaderMap::new(), black_box(&self.pknown)).unwrap());
                }
                "scale_decode" => {
                    let decoder = errcat::client::Decoder::<S>::for_catalogue();
                    let status = self.swith.status();
                    black_box(decoder.decode(status, &http::HeaderMap::new(), black_box(&self.sknown)).unwrap());
                }
                other if other.starts_with("format_") => crate::formats::run(other, out),
                other => panic!("{other}"),
            }
        }
    }
}

/// Each wire format of errcat's catalogue on `missing_header_input`: written
/// and decoded by errcat, and by serde_json on derived structs of its shape.
#[cfg(feature = "catalogues")]
mod formats {
    use std::collections::BTreeMap;
    use std::hint::black_box;
    use errcat::format::{self, WireFormat};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    struct OAuth<'a> { error: &'a str, error_code: &'a str, error_description: &'a str }
    #[derive(Serialize, Deserialize)]
    struct Problem<'a> {
        #[serde(rename = "type")] type_uri: &'a str, title: &'a str, status: u16, detail: &'a str,
        error: &'a str, error_code: &'a str,
    }
    #[derive(Serialize, Deserialize)]
    struct Aip<'a> { #[serde(borrow)] error: AipStatus<'a> }
    #[derive(Serialize, Deserialize)]
    struct AipStatus<'a> { code: u16, message: &'a str, status: &'a str, #[serde(borrow)] details: Vec<AipInfo<'a>> }
    #[derive(Serialize, Deserialize)]
    struct AipInfo<'a> {
        #[serde(rename = "@type")] kind: &'a str, reason: &'a str, domain: &'a str,
        #[serde(borrow)] metadata: BTreeMap<&'a str, &'a str>,
    }
    #[derive(Serialize, Deserialize)]
    struct JsonApi<'a> { #[serde(borrow)] errors: Vec<JsonApiError<'a>> }
    #[derive(Serialize, Deserialize)]
    struct JsonApiError<'a> { status: &'a str, code: &'a str, title: &'a str, detail: &'a str, #[serde(borrow)] meta: Meta<'a> }
    #[derive(Serialize, Deserialize)]
    struct Meta<'a> { error: &'a str }
    #[derive(Serialize, Deserialize)]
    struct Berlin<'a> { #[serde(rename = "tppMessages", borrow)] tpp_messages: Vec<Tpp<'a>> }
    #[derive(Serialize, Deserialize)]
    struct Tpp<'a> { category: &'a str, code: &'a str, text: &'a str }

    fn body(wire: &dyn WireFormat) -> Vec<u8> {
        let mut out = Vec::new();
        wire.write(&errcat::ApiError::missing_header_input("Request-ID"), &mut out);
        out
    }

    /// The serde_json side: the body read back into the derived struct and,
    /// with `write`, written again (benches/render.rs checks that serde_json
    /// writes the same bytes as errcat).
    fn serde<'a, T: Serialize + Deserialize<'a>>(body: &'a [u8], write: bool, out: &mut Vec<u8>) {
        let value: T = serde_json::from_slice(black_box(body)).unwrap();
        if write {
            out.clear();
            serde_json::to_writer(&mut *out, black_box(&value)).unwrap();
        }
        black_box(&value);
    }

    type Prepared = (errcat::ApiError, Vec<(&'static str, Vec<u8>, http::HeaderMap)>);
    static PREPARED: std::sync::OnceLock<Prepared> = std::sync::OnceLock::new();

    /// `op` on a body written once; `none` is the dispatch alone, which the
    /// script subtracts.
    pub fn run(op: &str, out: &mut Vec<u8>) {
        let (error, bodies) = PREPARED.get_or_init(|| {
            let bodies = format::BUILTIN.iter().map(|wire| {
                let mut headers = http::HeaderMap::new();
                let media_type = wire.media_types(&errcat::CATALOGUE).first();
                headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(media_type));
                (wire.name(), body(*wire), headers)
            }).collect();
            (errcat::ApiError::missing_header_input("Request-ID"), bodies)
        });
        let (name, what) = op["format_".len()..].split_once(':').unwrap();
        let at = bodies.iter().position(|(known, _, _)| *known == name).unwrap();
        let wire = format::BUILTIN[at];
        let (_, body, headers) = &bodies[at];
        match what {
            "none" => { black_box((wire, body, headers)); }
            "write" => { out.clear(); wire.write(black_box(error), out); black_box(&out); }
            "read" => { black_box(wire.read(black_box(body))); }
            "decode" => {
                let decoded = errcat::client::decode(error.status(), headers, black_box(body)).unwrap();
                black_box(decoded);
            }
            "serde_parse" | "serde_write" => {
                let write = what == "serde_write";
                match name {
                    "oauth" => serde::<OAuth<'_>>(body, write, out),
                    "problem" => serde::<Problem<'_>>(body, write, out),
                    "aip-193" => serde::<Aip<'_>>(body, write, out),
                    "json-api" => serde::<JsonApi<'_>>(body, write, out),
                    _ => serde::<Berlin<'_>>(body, write, out),
                }
            }
            other => panic!("{other}"),
        }
    }
}
'''

OPS = [
    ("hit", "parse a code, 27 hits (`from_code`)", "payments_hit", "scale_hit"),
    ("parse", "parse a code, 27 hits (`str::parse`)", None, None),
    ("miss", "reject 27 unknown codes of a known length", None, None),
    ("wrong_length", "reject 27 codes of a length no code has", None, None),
    ("token", "parse 13 tokens in lowercase (`from_token`)", "payments_token", "scale_token"),
    ("json_with", "JSON body with a placeholder (`write_json`)", "payments_json_with", "scale_json_with"),
    ("json_without", "JSON body without a placeholder", None, None),
    ("problem", "RFC 9457 body (`write_problem_json`)", "payments_problem", "scale_problem"),
    ("decode", "decode a known body with a placeholder (`client::decode`)", "payments_decode", "scale_decode"),
    ("serde_decode", "baseline: serde_json into a derived 3-field struct", None, None),
    ("hostile", "JSON body with a hostile value", None, None),
    ("display", "`Display` with a placeholder", None, None),
]


def harness(name, errcat, extra):
    crate = WORK / f"harness-{name}"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    deps = (f'errcat = {{ path = "{errcat}" }}\nhttp = "1"\nserde_json = "1"\n'
            'serde = { version = "1", features = ["derive"] }\n')
    features = '[features]\ncatalogues = []\n'
    if extra:
        deps += (f'payments = {{ path = "{ROOT}/examples/bank/payments", optional = true }}\n'
                 f'scale = {{ path = "{ROOT}/examples/scale", optional = true }}\n')
        features = '[features]\ncatalogues = ["dep:payments", "dep:scale"]\n'
    (crate / "Cargo.toml").write_text(
        f'[package]\nname = "harness"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n'
        f'[workspace]\n{features}[dependencies]\n{deps}')
    (crate / "src" / "main.rs").write_text(MAIN)
    args = ["cargo", "build", "--quiet", "--release"] + (["--features", "catalogues"] if extra else [])
    env = dict(os.environ, CARGO_TARGET_DIR=str(crate / "target"))
    subprocess.run(args, cwd=crate, env=env, check=True)
    return crate / "target" / "release" / "harness"


def instructions(command):
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                            capture_output=True, text=True, check=True)
    line = next(line for line in result.stderr.splitlines() if "refs:" in line)
    return int(line.split("refs:")[1].replace(",", "").strip())


def per_op(binary, op):
    return (instructions([binary, op, str(N)]) - instructions([binary, op, "0"])) / N


def main():
    old_rev = sys.argv[1] if len(sys.argv) > 1 else "a85fc92"
    old = WORK / "old"
    if not old.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(old), old_rev], cwd=ROOT, check=True)
    else:
        subprocess.run(["git", "checkout", "--quiet", "--detach", old_rev], cwd=old, check=True)
    before = harness("old", old, extra=False)
    after = harness("new", ROOT, extra=True)
    rows = ["| operation (instructions, callgrind) | before | after: errcat's catalogue "
            "| a user crate's (payments) | the scale fixture's |", "|---|---|---|---|---|"]
    # AB_OPS=token,problem counts only those operations; AB_SKIP_SCAN=1 skips
    # the command's rows.
    only = [op for op in os.environ.get("AB_OPS", "").split(",") if op]
    for op, label, payments, scale in OPS:
        if only and op not in only:
            continue
        cells = [f"{per_op(before, op):,.0f}", f"{per_op(after, op):,.0f}",
                 f"{per_op(after, payments):,.0f}" if payments else "",
                 f"{per_op(after, scale):,.0f}" if scale else ""]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    if os.environ.get("AB_FORMATS"):
        # Each wire format, this checkout only: errcat against serde_json on
        # derived structs of the body's shape. serde_json's writing is its
        # parse and write minus its parse (the struct is built by parsing).
        rows.append("")
        rows.append("| wire format (instructions, callgrind) | errcat write | serde_json write "
                    "| ratio | errcat `client::decode` | `WireFormat::read` | serde_json `from_slice` | ratio |")
        rows.append("|---|---|---|---|---|---|---|---|")
        for name in ["oauth", "problem", "aip-193", "json-api", "berlin-group"]:
            none = per_op(after, f"format_{name}:none")
            count = {what: per_op(after, f"format_{name}:{what}") - none
                     for what in ["write", "read", "decode", "serde_parse", "serde_write"]}
            serde_write = count["serde_write"] - count["serde_parse"]
            rows.append(f"| {name} | {count['write']:,.0f} | {serde_write:,.0f} "
                        f"| {serde_write / count['write']:.1f}x | {count['decode']:,.0f} "
                        f"| {count['read']:,.0f} | {count['serde_parse']:,.0f} "
                        f"| {count['serde_parse'] / count['decode']:.2f}x |")
    if os.environ.get("AB_SKIP_SCAN"):
        print(f"before: {old_rev}; after: this checkout")
        print("\n".join(rows))
        return
    # The command: errcat scan on an 8 MiB log of errcat's own codes.
    env = dict(os.environ, CARGO_TARGET_DIR=str(WORK / "old-target"))
    subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "errcat"], cwd=old, env=env, check=True)
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "errcat-cli"], cwd=ROOT, check=True)
    old_cli = WORK / "old-target" / "release" / "errcat"
    new_cli = ROOT / "target" / "release" / "errcat"
    logs = WORK / "logs"
    logs.mkdir(exist_ok=True)
    catalogue = logs / "catalogue.json"
    catalogue.write_text(subprocess.run([new_cli, "table", "--format", "json"], capture_output=True,
                                        text=True, check=True).stdout)
    log = logs / "app.log"
    if not log.exists():
        subprocess.run([sys.executable, ROOT / "scripts" / "generate-log.py", log, "8", catalogue],
                       check=True)
    for mode in ["--summary", "--json"]:
        cells = [f"{instructions([cli, 'scan', mode, log]) / 1e6:.2f} M" for cli in (old_cli, new_cli)]
        rows.append(f"| `errcat scan {mode}`, 8 MiB log | " + " | ".join(cells) + " | | |")
    print(f"before: {old_rev}; after: this checkout")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

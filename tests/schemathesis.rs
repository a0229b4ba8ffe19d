//! The example server against its own OpenAPI document, checked by an
//! independent tool: Schemathesis (PyPI, pinned by
//! `scripts/install-test-tools.sh`) generates requests from
//! `/openapi.json` and runs every one of its checks on the answers (status,
//! content type, headers and body schema of every response; missing or
//! invalid credentials and headers; wrong methods). The server runs as its
//! own binary on 127.0.0.1; the run is bounded in examples and time.
//!
//! The short run is what CI does. The long one:
//!
//! ```sh
//! ERRCAT_SCHEMATHESIS_EXAMPLES=1000 ERRCAT_SCHEMATHESIS_SECONDS=1800 ERRCAT_SCHEMATHESIS_SEED=random \
//!     cargo test --all-features --test schemathesis -- --nocapture
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Examples per operation and seconds for the whole run, unless the
/// environment says otherwise.
const EXAMPLES: u32 = 25;
const SECONDS: u32 = 40;
const SEED: &str = "1";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pytools() -> PathBuf {
    root().join("target/pytools")
}

/// Schemathesis, installed by the project's script when missing.
fn schemathesis() -> Command {
    let present = || {
        Command::new("python3")
            .args(["-c", "import schemathesis"])
            .env("PYTHONPATH", pytools())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !present() {
        let status = Command::new("bash")
            .arg(root().join("scripts/install-test-tools.sh"))
            .status()
            .expect("bash runs");
        assert!(status.success(), "scripts/install-test-tools.sh failed");
        assert!(
            present(),
            "Schemathesis is still missing after installing it"
        );
    }
    let mut command = Command::new("python3");
    command
        .args(["-m", "schemathesis.cli"])
        .env("PYTHONPATH", pytools())
        // Its example database and reports stay under target/.
        .current_dir(scratch());
    command
}

fn scratch() -> PathBuf {
    let dir = root().join("target/schemathesis");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example server binary that `cargo test` built beside this test,
/// listening on a free port of 127.0.0.1; stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start() -> Server {
        let deps = std::env::current_exe().unwrap();
        let binary = deps
            .parent()
            .and_then(|deps| deps.parent())
            .unwrap()
            .join("examples")
            .join(format!("account_server{}", std::env::consts::EXE_SUFFIX));
        assert!(binary.exists(), "{} was not built", binary.display());
        let mut child = Command::new(binary)
            .arg("127.0.0.1:0")
            .env("ACCOUNT_SERVER_LOG", "off")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the example server starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("account server listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// Runs Schemathesis with every check on `schema` against `server`, with
/// the given extra arguments; its exit status and its output.
fn run(server: &Server, schema: &str, extra: &[&str]) -> (bool, String) {
    let mut command = schemathesis();
    command
        .arg("--config-file")
        .arg(root().join("tests/schemathesis.toml"))
        .arg("run")
        .arg(schema)
        .args(["--url", &server.base])
        .args(["--header", "Authorization: Bearer token-1"])
        .args(["--checks", "all", "--workers", "1"])
        .args(extra);
    let output = command.output().expect("Schemathesis runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// Every operation of the document, every check, no failure.
#[test]
fn schemathesis_finds_no_response_that_breaks_the_document() {
    let server = Server::start();
    let examples = setting("ERRCAT_SCHEMATHESIS_EXAMPLES", &EXAMPLES.to_string());
    let seconds = setting("ERRCAT_SCHEMATHESIS_SECONDS", &SECONDS.to_string());
    let seed = setting("ERRCAT_SCHEMATHESIS_SEED", SEED);
    let mut extra = vec!["--max-examples", &examples, "--max-time", &seconds];
    if seed != "random" {
        extra.extend(["--seed", &seed]);
    }
    let schema = format!("{}/openapi.json", server.base);
    let (passed, output) = run(&server, &schema, &extra);
    println!("{output}");
    assert!(passed, "Schemathesis found failures:\n{output}");
    // It selected every operation of the document and tested each.
    let selected = output
        .lines()
        .find_map(|line| line.trim().strip_prefix("Operations:"))
        .and_then(|counts| {
            let (selected, total) = counts.trim().split_once(" selected / ")?;
            (total.strip_suffix(" total")? == selected).then(|| selected.parse::<u32>().ok())?
        })
        .unwrap_or_else(|| panic!("not every operation selected:\n{output}"));
    assert!(selected >= 6, "{output}");
    assert!(
        output.contains(&format!("Tested: {selected}\n")),
        "{output}"
    );
    let generated = output
        .lines()
        .find_map(|line| {
            let (count, rest) = line.trim().split_once(" generated, ")?;
            rest.contains("passed").then(|| count.parse::<u32>().ok())?
        })
        .unwrap_or_else(|| panic!("no count of test cases in:\n{output}"));
    assert!(generated >= 100, "only {generated} test cases:\n{output}");
}

/// The same tool on a document that lies about one row fails: the run above
/// passes because the server keeps to the document, not because nothing is
/// checked.
#[test]
fn schemathesis_fails_a_document_that_lies_about_a_row() {
    let server = Server::start();
    let document = reqwest_free_get(&server.base, "/openapi.json");
    let mut document: serde_json::Value = serde_json::from_str(&document).unwrap();
    // The 401 of /accounts claims another code than the one the server sends.
    let unauthorized = &mut document["paths"]["/accounts"]["get"]["responses"]["401"];
    assert!(unauthorized.is_object(), "{document}");
    for media_type in ["application/json", "application/problem+json"] {
        unauthorized["content"][media_type]["schema"]["properties"]["error_code"]["enum"] =
            serde_json::json!(["GEN-1203-100009"]);
    }
    let path = scratch().join("lying-openapi.json");
    std::fs::write(&path, document.to_string()).unwrap();
    let (passed, output) = run(
        &server,
        path.to_str().unwrap(),
        &[
            "--include-path",
            "/accounts",
            "--phases",
            "examples,coverage",
            "--max-examples",
            "5",
            "--seed",
            "1",
        ],
    );
    assert!(!passed, "Schemathesis passed a lying document:\n{output}");
    assert!(output.contains("GEN-1203-100003"), "{output}");
    assert!(
        output.contains("Response violates schema"),
        "another failure than the schema's:\n{output}"
    );
}

/// A GET over a plain TCP connection (the test needs no HTTP client).
fn reqwest_free_get(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let address = base.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_owned()
}

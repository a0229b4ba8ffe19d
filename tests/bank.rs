//! The many-catalogues case end to end, from outside errcat: the workspace
//! in `examples/bank` (a Payment API catalogue crate, a gateway serving the
//! Account API and the Payment API, a TPP's client of both) is built with
//! one `cargo build`, the gateway is started on loopback, and the client
//! round-trips every row of both catalogues through it, in every wire
//! format each API answers in (the bank's house body among them), decoding
//! each into its own API's types. The house format's own tests (server,
//! decoder, utoipa document, docs page, OpenAPI fragment) run in the same
//! workspace.
//!
//! The build goes to `target/nested`, shared with the other tests that run
//! cargo.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn nested_target() -> PathBuf {
    root().join("target").join("nested")
}

/// Kills the gateway when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_house_format_works_through_the_public_trait() {
    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "-p", "house"])
        .current_dir(root().join("examples/bank"))
        .env("CARGO_TARGET_DIR", nested_target())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        test.status.success(),
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}

#[test]
fn a_gateway_and_a_client_of_two_apis_round_trip_every_row_of_both() {
    let workspace = root().join("examples/bank");
    let build = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--workspace", "--bins"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", nested_target())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    // The payments catalogue has a deprecated row; neither the generated
    // code nor the derive warns about it, since no one names it.
    assert!(!stderr.contains("warning"), "{stderr}");

    let bin = nested_target().join("debug");
    let mut gateway = Running(
        Command::new(bin.join("gateway"))
            .arg("127.0.0.1:0")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the gateway starts"),
    );
    let mut first_line = String::new();
    BufReader::new(gateway.0.stdout.take().expect("piped"))
        .read_line(&mut first_line)
        .expect("the gateway says where it listens");
    let base = first_line
        .trim()
        .strip_prefix("gateway listening on ")
        .unwrap_or_else(|| panic!("{first_line:?}"))
        .to_owned();

    // A connection that never finishes its headers is closed, not held:
    // the gateway sets a header-read timeout.
    let stalled = {
        use std::io::Write as _;
        let mut stream = std::net::TcpStream::connect(base.trim_start_matches("http://")).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        stream
    };
    let started = std::time::Instant::now();

    let client = Command::new(bin.join("tpp"))
        .arg(&base)
        .output()
        .expect("the client runs");
    let stdout = String::from_utf8_lossy(&client.stdout);
    assert!(
        client.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&client.stderr)
    );
    assert_eq!(
        stdout,
        format!(
            "accounts: {} rows round-tripped in every format\n\
             payments: {} rows round-tripped in every format\n\
             gateway errors: decoded as each API's\n\
             malformed requests: every answer a catalogue error\n",
            errcat::ErrorCode::COUNT,
            payments::errors::ErrorCode::COUNT,
        )
    );
    let mut stalled = stalled;
    stalled
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut stalled, &mut rest)
        .expect("the gateway closes a connection whose headers never end");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

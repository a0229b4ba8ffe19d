//! errcat on real HTTP traffic: the example account server (in-process), a
//! real client over loopback, content negotiation, and hostile values.

#[path = "../examples/account_server/app.rs"]
#[allow(dead_code)]
mod app;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use errcat::client::{self, DecodeError, Decoded};
use errcat::{ApiError, ErrorCode};
use http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

const REQUEST_ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const VENDOR: &str = "application/vnd.belfius.api+json; version=1";

fn server() -> Router {
    app::app(Arc::new(app::Bank::sample()))
}

/// A value for each placeholder of `code`, unlike any other.
fn values_for(code: ErrorCode) -> Vec<(&'static str, String)> {
    code.placeholders()
        .iter()
        .map(|name| (*name, format!("{name} of {}", code.code())))
        .collect()
}

fn sandbox_uri(code: ErrorCode, values: &[(&str, String)]) -> String {
    let query: Vec<String> = values
        .iter()
        .map(|(name, value)| {
            format!(
                "{name}={}",
                percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect();
    format!("/sandbox/errors/{}?{}", code.code(), query.join("&"))
}

struct Answer {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .map_or("", |value| value.to_str().unwrap())
    }

    fn decoded(&self) -> client::ErrorResponse {
        client::decode(self.status, &self.headers, &self.body).unwrap()
    }

    fn code(&self) -> Option<ErrorCode> {
        self.decoded().code()
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// A GET with a valid Request-ID and token, attended (no quota), with
/// `extra` headers added or replacing those.
fn get(uri: &str, extra: &[(&'static str, &str)]) -> Request<Body> {
    let mut request = Request::get(uri)
        .header("request-id", REQUEST_ID)
        .header("authorization", "Bearer token-1")
        .header("psu-ip-address", "192.0.2.10")
        .body(Body::empty())
        .unwrap();
    for (name, value) in extra {
        request
            .headers_mut()
            .insert(*name, http::HeaderValue::from_str(value).unwrap());
    }
    request
}

/// Content negotiation, for every row and every way of asking.
#[tokio::test]
async fn negotiation_matrix_for_every_row() {
    let app = server();
    let accepts: [(Option<&str>, bool); 9] = [
        (Some("application/json"), false),
        (Some("application/problem+json"), true),
        (Some(VENDOR), false),
        (Some("*/*"), false),
        (None, false),
        (
            Some("application/json;q=0.4, application/problem+json;q=0.9"),
            true,
        ),
        (
            Some("application/vnd.belfius.api+json; version=1, application/problem+json"),
            true,
        ),
        (Some("application/json, application/problem+json"), true),
        (Some("application/problem+json;q=0.5, */*"), false),
    ];
    for code in ErrorCode::ALL {
        let values = values_for(code);
        let error = ApiError::with_values(code, values.clone())
            .unwrap()
            .mark_public();
        for (accept, problem) in accepts {
            let mut request = Request::get(sandbox_uri(code, &values));
            if let Some(accept) = accept {
                request = request.header("accept", accept);
            }
            let answer = send(&app, request.body(Body::empty()).unwrap()).await;
            let context = format!("{code} with Accept {accept:?}");
            assert_eq!(answer.status, code.status(), "{context}");
            if problem {
                assert_eq!(
                    answer.content_type(),
                    "application/problem+json",
                    "{context}"
                );
                assert_eq!(
                    answer.json(),
                    json!({
                        "type": format!("/problems/{}", code.code()),
                        "title": code.published_description(),
                        "status": code.status().as_u16(),
                        "detail": error.description(),
                        "error": code.kind().wire_token(),
                        "error_code": code.code(),
                    }),
                    "{context}"
                );
            } else {
                assert_eq!(answer.content_type(), "application/json", "{context}");
                assert_eq!(answer.body, error.to_json().as_bytes(), "{context}");
            }
            // Both formats decode to the same error.
            assert_eq!(answer.decoded().api_error(), Some(&error), "{context}");
            assert_eq!(answer.decoded().status_mismatch(), None, "{context}");
        }
    }
}

/// Each documented error, caused the way a client would cause it.
#[tokio::test]
async fn the_example_server_answers_each_documented_error() {
    let app = server();
    let without = |name: &str| {
        let mut request = get("/accounts", &[]);
        request.headers_mut().remove(name);
        request
    };

    let answer = send(&app, without("request-id")).await;
    assert_eq!(answer.status, 400);
    let decoded = answer.decoded();
    let error = decoded.api_error().unwrap();
    assert_eq!(error.code(), ErrorCode::MissingHeaderInput);
    assert_eq!(error.value("input"), Some("Request-ID"));

    // No credentials: 401 and a challenge that names no error (RFC 6750
    // section 3.1), as Schemathesis's `ignored_auth` check expects of an
    // API whose document declares bearer authentication.
    let answer = send(&app, without("authorization")).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.code(), Some(ErrorCode::InvalidAccessToken));
    assert_eq!(
        answer.headers["www-authenticate"],
        r#"Bearer realm="psd2-account-api""#
    );

    for bad_id in [
        "12345",
        "0f8fad5b-d9cb-169f-a165-70867728950e",
        "0f8fad5bd9cb469fa16570867728950e",
    ] {
        let answer = send(&app, get("/accounts", &[("request-id", bad_id)])).await;
        assert_eq!(
            answer.code(),
            Some(ErrorCode::InvalidHeaderInput),
            "{bad_id}"
        );
    }

    for token in ["Bearer nope", "token-1", "Basic dG9rZW4tMQ=="] {
        let answer = send(&app, get("/accounts", &[("authorization", token)])).await;
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.code(),
            Some(ErrorCode::InvalidAccessToken),
            "{token}"
        );
    }

    let answer = send(
        &app,
        get(
            "/accounts",
            &[("accept", "application/vnd.belfius.api+json; version=7")],
        ),
    )
    .await;
    assert_eq!(answer.status, 404);
    let decoded = answer.decoded();
    assert_eq!(decoded.code(), Some(ErrorCode::VersionNotFound));
    assert_eq!(decoded.api_error().unwrap().value("input"), Some("1"));

    let answer = send(&app, get("/accounts", &[("accept", "text/html")])).await;
    assert_eq!(answer.status, 406);
    let decoded = answer.decoded();
    assert_eq!(decoded.code(), Some(ErrorCode::NotAcceptable));
    assert_eq!(decoded.api_error().unwrap().value("input"), Some(VENDOR));

    let answer = send(&app, get("/accounts/BE-9999", &[])).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.code(), Some(ErrorCode::LogicalIdNotFound));

    let mut delete = get("/accounts/BE-0001", &[]);
    *delete.method_mut() = Method::DELETE;
    let answer = send(&app, delete).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.code(), Some(ErrorCode::MethodNotAllowed));

    let answer = send(&app, get("/no/such/route", &[])).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.code(), Some(ErrorCode::ResourceNotFound));

    // The internal reason stays in the log.
    let answer = send(
        &app,
        get(
            &format!("/accounts/{}/transactions", app::BROKEN_ACCOUNT),
            &[],
        ),
    )
    .await;
    assert_eq!(answer.status, 500);
    assert_eq!(
        answer.json()["error_description"],
        "Internal error occurred with reason : "
    );
    assert!(!String::from_utf8_lossy(&answer.body).contains("10.0.3.7"));

    // And the happy paths, in the API's media type.
    for uri in [
        "/accounts",
        "/accounts/BE-0001",
        "/accounts/BE-0001/transactions",
    ] {
        let answer = send(&app, get(uri, &[("accept", VENDOR)])).await;
        assert_eq!(answer.status, 200, "{uri}");
        assert_eq!(answer.content_type(), VENDOR, "{uri}");
        assert_eq!(answer.headers["response-id"], REQUEST_ID);
    }
}

/// PSD2's four unattended calls a day, per TPP.
#[tokio::test]
async fn the_fifth_unattended_call_is_refused() {
    let app = server();
    let unattended = |token: &str| {
        let mut request = get("/accounts", &[("authorization", token)]);
        request.headers_mut().remove("psu-ip-address");
        request
    };
    for call in 1..=app::UNATTENDED_QUOTA {
        let answer = send(&app, unattended("Bearer token-2")).await;
        assert_eq!(answer.status, 200, "call {call}");
    }
    let answer = send(&app, unattended("Bearer token-2")).await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.code(), Some(ErrorCode::QuotaExceeded));
    // Calls with the customer present still go through, and other TPPs
    // have their own quota.
    assert_eq!(
        send(
            &app,
            get("/accounts", &[("authorization", "Bearer token-2")])
        )
        .await
        .status,
        200
    );
    assert_eq!(send(&app, unattended("Bearer token-3")).await.status, 200);
}

/// The auth scheme is case-insensitive (RFC 9110 section 11.1), the token
/// is not: `bearer token-1` is the bearer token `token-1`.
#[tokio::test]
async fn the_auth_scheme_is_read_in_any_case() {
    let app = server();
    for value in [
        "bearer token-1",
        "BEARER token-1",
        "bEaReR  token-1",
        "Bearer token-1",
    ] {
        let answer = send(&app, get("/accounts", &[("authorization", value)])).await;
        assert_eq!(answer.status, 200, "{value}");
    }
    for value in [
        "Bearer TOKEN-1",
        "Bearertoken-1",
        "Basic token-1",
        "bearer ",
        "token-1",
    ] {
        let answer = send(&app, get("/accounts", &[("authorization", value)])).await;
        assert_eq!(answer.status, 401, "{value}");
        assert_eq!(
            answer.code(),
            Some(ErrorCode::InvalidAccessToken),
            "{value}"
        );
    }
}

/// Every response, errors included, echoes the Request-ID.
#[tokio::test]
async fn every_response_carries_the_request_id() {
    let app = server();
    for (uri, status) in [
        ("/accounts", 200),
        ("/accounts/BE-9999", 404),
        ("/no/such/route", 404),
        ("/sandbox/errors/GEN-1204-100001", 503),
    ] {
        let answer = send(&app, get(uri, &[])).await;
        assert_eq!(answer.status, status, "{uri}");
        assert_eq!(answer.headers["response-id"], REQUEST_ID, "{uri}");
    }
    let mut no_id = get("/accounts", &[]);
    no_id.headers_mut().remove("request-id");
    assert!(!send(&app, no_id).await.headers.contains_key("response-id"));
}

/// A problem `type` leads to the row's documentation.
#[tokio::test]
async fn problem_types_are_documented() {
    let app = server();
    let answer = send(&app, get("/problems/GEN-1205-100002", &[])).await;
    assert_eq!(answer.status, 200);
    let text = String::from_utf8(answer.body).unwrap();
    assert!(text.contains("Quota limit exceeded"), "{text}");
    assert!(text.contains("429"), "{text}");
}

/// The example server on 127.0.0.1, reqwest calling it: every row decodes
/// back to its code, status and values.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_round_trips_over_loopback() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, server()).await });
    let http = reqwest::Client::new();

    let hostile = [
        "quote \" and backslash \\",
        "CR\rLF\nCRLF\r\nINFO forged line",
        "NUL \0 ESC \u{1b}[31m",
        "U+2028 \u{2028} U+2029 \u{2029}",
        "percent %41 stays %",
        "'}{\"error\":\"x\"}",
        "é ü 漢字 🦀",
    ];
    for code in ErrorCode::ALL {
        let mut cases = vec![values_for(code)];
        for value in hostile {
            cases.push(
                code.placeholders()
                    .iter()
                    .map(|name| (*name, value.to_owned()))
                    .collect(),
            );
        }
        for values in cases {
            let url = format!("http://{addr}{}", sandbox_uri(code, &values));
            let response = http
                .get(&url)
                .header("request-id", REQUEST_ID)
                .send()
                .await
                .unwrap();
            assert_eq!(response.headers()["response-id"], REQUEST_ID);
            let decoded = client::decode_response(response).await.unwrap();
            assert_eq!(decoded.status(), code.status(), "{code}");
            assert_eq!(decoded.status_mismatch(), None);
            let Decoded::Known(error) = decoded.decoded() else {
                panic!("{code} did not decode: {decoded:?}");
            };
            assert_eq!(error.code(), code);
            let got: Vec<(&str, String)> = error
                .values()
                .map(|(name, value)| (name, value.to_owned()))
                .collect();
            assert_eq!(got, values, "{code}");
        }
    }

    // A withheld private value decodes as what was sent: its published form.
    let response = http
        .get(format!(
            "http://{addr}/accounts/{}/transactions",
            app::BROKEN_ACCOUNT
        ))
        .header("request-id", REQUEST_ID)
        .header("authorization", "Bearer token-4")
        .header("psu-ip-address", "192.0.2.10")
        .send()
        .await
        .unwrap();
    let decoded = client::decode_response(response).await.unwrap();
    let error = decoded.api_error().unwrap();
    assert_eq!(error.code(), ErrorCode::InternalErrorWithReason);
    assert_eq!(error.value("reason"), Some(""));
    server.abort();
}

/// What a client meets besides catalogue errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_gets_typed_errors_for_what_is_not_an_error_body() {
    use axum::routing::get as route;

    let proxy = Router::new()
        .route(
            "/html",
            route(|| async {
                (
                    StatusCode::BAD_GATEWAY,
                    [("content-type", "text/html")],
                    "<html><body><h1>502 Bad Gateway</h1>\r\n<p>nginx</p></body></html>",
                )
            }),
        )
        .route(
            "/huge",
            route(|| async { (StatusCode::SERVICE_UNAVAILABLE, "x".repeat(10 << 20)) }),
        )
        .route(
            "/mismatch",
            route(|| async { (StatusCode::BAD_REQUEST, ApiError::invalid_jwt().to_json()) }),
        )
        .route(
            "/new-code",
            route(|| async {
                (
                    StatusCode::CONFLICT,
                    r#"{"error":"BRAND_NEW","error_code":"GEN-9999-000001","error_description":"A code from next year"}"#,
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, proxy).await });
    let fetch = |path: &str| reqwest::get(format!("http://{addr}{path}"));

    let error = client::decode_response(fetch("/html").await.unwrap())
        .await
        .unwrap_err();
    let DecodeError::NotAnErrorBody {
        status,
        content_type,
        snippet,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*status, StatusCode::BAD_GATEWAY);
    assert_eq!(content_type.as_deref(), Some("text/html"));
    assert!(
        snippet.starts_with("<html><body><h1>502 Bad Gateway</h1>\\r\\n"),
        "{snippet}"
    );
    assert!(!error.to_string().contains('\n'));

    let error = client::decode_response(fetch("/huge").await.unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            DecodeError::TooLarge { status: StatusCode::SERVICE_UNAVAILABLE, limit: client::DEFAULT_BODY_LIMIT, content_length: Some(length) } if length == 10 << 20
        ),
        "{error:?}"
    );

    let decoded = client::decode_response(fetch("/mismatch").await.unwrap())
        .await
        .unwrap();
    assert_eq!(decoded.code(), Some(ErrorCode::InvalidJwt));
    assert_eq!(decoded.status_mismatch(), Some(StatusCode::UNAUTHORIZED));

    let decoded = client::decode_response(fetch("/new-code").await.unwrap())
        .await
        .unwrap();
    let Decoded::Unknown(raw) = decoded.decoded() else {
        panic!("{decoded:?}");
    };
    assert_eq!(raw.token(), "BRAND_NEW");
    assert_eq!(raw.code_text(), "GEN-9999-000001");
    assert_eq!(raw.description(), "A code from next year");
    server.abort();
}

/// A `Write` that keeps what the log subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// CWE-117 and CWE-209 in the log: hostile values stay on one line, and the
/// private reason is there with its structured fields.
#[test]
fn a_logged_error_is_one_line_with_structured_fields() {
    use tracing_subscriber::util::SubscriberInitExt;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let guard = subscriber.set_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = server();
    let hostile = "x\r\n2026-11-24T00:00:00Z  INFO errcat: forged\u{2028}\u{1b}[2J\0";
    runtime.block_on(async {
        let values = vec![("input", hostile.to_owned())];
        send(
            &app,
            Request::get(sandbox_uri(ErrorCode::MissingHeaderInput, &values))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        send(
            &app,
            get(
                &format!("/accounts/{}/transactions", app::BROKEN_ACCOUNT),
                &[],
            ),
        )
        .await;
    });
    drop(guard);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(!log.contains(['\r', '\u{2028}', '\u{1b}', '\0']), "{log:?}");
    assert!(lines[0].contains("INFO errcat:"), "{}", lines[0]);
    assert!(
        lines[0].contains("error.type=\"GEN-1201-100001\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("errcat.kind=\"missing_input\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("http.response.status_code=400"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("errcat.catalogue=\"psd2-account-api\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(
            "'x\\r\\n2026-11-24T00:00:00Z  INFO errcat: forged\\u{2028}\\u{1b}[2J\\u{0}'"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("ERROR errcat:"), "{}", lines[1]);
    assert!(
        lines[1].contains("http.response.status_code=500"),
        "{}",
        lines[1]
    );
    // The reason the client never saw is in the log, on the same line.
    assert!(lines[1].contains("10.0.3.7:5432 refused"), "{}", lines[1]);
    assert!(
        lines[1].contains(
            "errcat.detail=SELECT * FROM movements WHERE account = $1\\nstatement timeout"
        ),
        "{}",
        lines[1]
    );
}

/// Injection through the library alone, with a 64 KiB value too long for a URL.
#[test]
fn hostile_values_give_valid_bodies_that_decode_back() {
    let long = "\"\\\r\n\0\u{1b}\u{2028}é".repeat(64 * 1024 / 11);
    for value in [
        "\"",
        "\\",
        "\r\n",
        "\0",
        "\u{1b}",
        "\u{2028}",
        long.as_str(),
    ] {
        let error = ApiError::missing_parameter_input(value.to_owned());
        for body in [error.to_json(), error.to_problem_json()] {
            let parsed: Value = serde_json::from_str(&body).unwrap();
            let description = parsed
                .get("error_description")
                .or_else(|| parsed.get("detail"))
                .and_then(Value::as_str)
                .unwrap();
            assert!(
                description
                    .bytes()
                    .all(|byte| matches!(byte, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E)),
                "{description:?}"
            );
            let decoded = client::decode(
                StatusCode::BAD_REQUEST,
                &http::HeaderMap::new(),
                body.as_bytes(),
            )
            .unwrap();
            let got = decoded
                .api_error()
                .unwrap()
                .value("input")
                .unwrap()
                .to_owned();
            if value.len() < 100 {
                assert_eq!(got, value);
            } else {
                // Cut to the wire bound, at a character boundary, marked.
                let kept = got.strip_suffix('…').unwrap();
                assert!(value.starts_with(kept));
                assert!(kept.len() > 50, "{}", kept.len());
            }
            assert_eq!(error.to_string().lines().count(), 1);
        }
    }
}

/// The example server binary that `cargo test` built beside this test.
fn example_server() -> std::path::PathBuf {
    let deps = std::env::current_exe().unwrap();
    let server = deps
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples")
        .join(format!("account_server{}", std::env::consts::EXE_SUFFIX));
    assert!(server.exists(), "{} was not built", server.display());
    server
}

/// scripts/curl-check.sh against the example server binary that `cargo test`
/// built beside this test.
#[test]
fn the_curl_script_passes() {
    let server = example_server();
    let output = std::process::Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/curl-check.sh"
        ))
        .env("ERRCAT_SERVER_BIN", &server)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.ends_with("all curl checks passed\n"), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|line| line.starts_with("ok   "))
            .count(),
        17,
        "{stdout}"
    );
}

/// Connections that never finish their headers are closed after the header
/// timeout, and no more than the limit are served at once: a real request
/// behind stalled ones is answered once they time out.
#[test]
fn the_example_server_closes_stalled_connections() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let mut child = Command::new(example_server())
        .arg("127.0.0.1:0")
        .env("ACCOUNT_SERVER_LOG", "off")
        .env("ACCOUNT_SERVER_HEADER_TIMEOUT_MS", "800")
        .env("ACCOUNT_SERVER_MAX_CONNECTIONS", "4")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("account server listening on http://")
        .unwrap_or_else(|| panic!("{first:?}"))
        .to_owned();
    let started = Instant::now();
    let stalled: Vec<std::net::TcpStream> = (0..4)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&addr).unwrap();
            stream
                .write_all(b"GET /accounts HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let mut real = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        real,
        "GET /nowhere HTTP/1.1\r\nHost: x\r\nRequest-ID: {REQUEST_ID}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    real.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = String::new();
    real.read_to_string(&mut answer).unwrap();
    let waited = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 "), "{answer:?}");
    assert!(
        waited >= Duration::from_millis(700),
        "answered after {waited:?}: the four stalled connections did not hold the four slots"
    );
    for mut stream in stalled {
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut rest = Vec::new();
        // Closed by the server (a 408 may come first): not left open.
        stream
            .read_to_end(&mut rest)
            .expect("the stalled connection is closed");
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    child.kill().unwrap();
    child.wait().unwrap();
}

/// `ACCOUNT_SERVER_LOG` sets the example server's log level: `off` logs
/// nothing, `error` only the 5xx, the default every error; a value that is
/// no level is refused at start.
#[test]
fn the_example_server_reads_its_log_level() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};

    let server = example_server();
    // The server's standard error after a 404 and a 500, at `level`.
    let logged = |level: Option<&str>| -> String {
        let mut command = Command::new(&server);
        command
            .arg("127.0.0.1:0")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match level {
            Some(level) => command.env("ACCOUNT_SERVER_LOG", level),
            None => command.env_remove("ACCOUNT_SERVER_LOG"),
        };
        let mut child = command.spawn().expect("the server starts");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let addr = first
            .trim()
            .strip_prefix("account server listening on http://")
            .unwrap_or_else(|| panic!("{first:?}"))
            .to_owned();
        for path in ["/nowhere", "/accounts/BE-BROKEN/transactions"] {
            let mut stream = std::net::TcpStream::connect(&addr).unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: x\r\nRequest-ID: {REQUEST_ID}\r\nAuthorization: Bearer token-1\r\nPSU-IP-Address: 192.0.2.1\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
        }
        child.kill().unwrap();
        let mut rest = String::new();
        stderr.read_to_string(&mut rest).unwrap();
        child.wait().unwrap();
        rest
    };
    assert_eq!(logged(Some("off")), "");
    let errors = logged(Some("error"));
    assert!(errors.contains("GEN-1206-100008"), "{errors}");
    assert!(!errors.contains("GEN-1206-100001"), "{errors}");
    let default = logged(None);
    assert!(default.contains("GEN-1206-100001"), "{default}");
    assert!(default.contains("GEN-1206-100008"), "{default}");

    let refused = Command::new(&server)
        .arg("127.0.0.1:0")
        .env("ACCOUNT_SERVER_LOG", "loud")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        "account_server: ACCOUNT_SERVER_LOG=loud: expected off, error, warn, info, debug or trace\n"
    );
}

/// Inside the negotiation layer a response's body is written once, in the
/// format the request asks for (a team's own format here, whose writes are
/// counted), and a format the request does not get is not written.
#[tokio::test]
async fn an_error_body_is_written_once_in_the_negotiated_format() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::body::Body;
    use errcat::format::{self, ErrorFacts, MediaTypes, Reading, WireFormat};
    use errcat::server::ErrorFormatLayer;
    use tower::ServiceExt;

    /// The problem document, counting what it writes.
    struct Counting(Arc<AtomicUsize>);

    impl WireFormat for Counting {
        fn name(&self) -> &'static str {
            "counting"
        }
        fn media_types(&self, _: &'static errcat::Catalogue) -> MediaTypes {
            MediaTypes::new(&["application/vnd.example.counting+json"])
        }
        fn write(&self, error: &dyn ErrorFacts, out: &mut Vec<u8>) {
            self.0.fetch_add(1, Ordering::SeqCst);
            format::PROBLEM.write(error, out);
        }
        fn read<'b>(&self, body: &'b [u8]) -> Option<Reading<'b>> {
            format::PROBLEM.read(body)
        }
        fn schema(
            &self,
            catalogue: &errcat::Catalogue,
            entries: &[&errcat::table::Entry<'_>],
        ) -> serde_json::Value {
            format::PROBLEM.schema(catalogue, entries)
        }
    }

    let writes = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new()
        .route(
            "/",
            axum::routing::get(|| async { errcat::ApiError::quota_exceeded() }),
        )
        .layer(ErrorFormatLayer::new().with_default_format(Counting(writes.clone())));
    for accept in [None, Some("application/vnd.example.counting+json")] {
        let mut request = http::Request::get("/");
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let response = app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "application/vnd.example.counting+json"
        );
    }
    assert_eq!(writes.load(Ordering::SeqCst), 2, "one write a response");
    // A format the request asks for among the catalogue's: the counting
    // format is not written at all.
    let request = http::Request::get("/")
        .header("accept", "application/vnd.api+json")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.api+json"
    );
    assert_eq!(writes.load(Ordering::SeqCst), 2);
}

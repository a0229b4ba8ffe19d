//! Malformed requests against the example server over loopback: bad UTF-8,
//! wrong types, missing parameters, wrong methods and HEAD on every route,
//! odd Request-IDs, hostile headers. Every error response must be a
//! catalogue error that `client::decode` decodes, with the status the
//! catalogue gives its code, the header fields the status calls for, and
//! the Response-ID rule of `ResponseIdLayer`.

#[path = "../examples/account_server/app.rs"]
#[allow(dead_code)]
mod app;

use std::net::SocketAddr;
use std::sync::Arc;

use errcat::client::{self, ErrorResponse};
use errcat::{ErrorCode, RetryAfter};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

const REQUEST_ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// Every route of the example server, with a path that reaches it.
const ROUTES: [&str; 6] = [
    "/accounts",
    "/accounts/BE-0001",
    "/accounts/BE-0001/transactions",
    "/problems/GEN-1201-100001",
    "/sandbox/errors/GEN-1201-100001?input=x",
    "/sandbox/ok?len=20",
];

async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = app::app(Arc::new(app::Bank::sample()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    /// The body as a catalogue error, checked the way a client checks it.
    fn error(&self, what: &str) -> ErrorResponse {
        let decoded = client::decode(self.status, &self.headers, &self.body).unwrap_or_else(|e| {
            panic!(
                "{what}: {} {e}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        });
        let error = decoded
            .api_error()
            .unwrap_or_else(|| panic!("{what}: not a catalogue error: {decoded:?}"));
        assert_eq!(decoded.status_mismatch(), None, "{what}");
        assert_eq!(self.status, error.status(), "{what}");
        decoded
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn send(&self, method: Method, path: &str, headers: &[(&str, &[u8])]) -> Answer {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, HeaderValue::from_bytes(value).unwrap());
        }
        let response = request.send().await.unwrap();
        Answer {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.bytes().await.unwrap().to_vec(),
        }
    }
}

async fn client() -> Client {
    Client {
        http: reqwest::Client::new(),
        base: format!("http://{}", serve().await),
    }
}

/// The headers of a call that passes every check.
fn credentials() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("request-id", REQUEST_ID.as_bytes()),
        ("authorization", b"Bearer token-1"),
        ("psu-ip-address", b"192.0.2.10"),
    ]
}

/// Requests that are wrong in one way each, and the row each must get.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_malformed_request_gets_its_catalogue_error() {
    let client = client().await;
    let ok = credentials();
    let without = |name: &str| -> Vec<(&'static str, &'static [u8])> {
        ok.iter().copied().filter(|(n, _)| *n != name).collect()
    };
    let with = |name: &'static str, value: &'static [u8]| {
        let mut headers = without(name);
        headers.push((name, value));
        headers
    };
    type Case = (&'static str, Vec<(&'static str, &'static [u8])>, ErrorCode);
    let cases: Vec<Case> = vec![
        // Path parameters that are not UTF-8 or not a known value.
        ("/problems/%FF", vec![], ErrorCode::InvalidParameterInput),
        ("/problems/%C3%28", vec![], ErrorCode::InvalidParameterInput),
        (
            "/accounts/%FF%FE",
            ok.clone(),
            ErrorCode::InvalidParameterInput,
        ),
        (
            "/accounts/%FF/transactions",
            ok.clone(),
            ErrorCode::InvalidParameterInput,
        ),
        (
            "/sandbox/errors/%80",
            vec![],
            ErrorCode::InvalidParameterInput,
        ),
        ("/problems/NOT-A-CODE", vec![], ErrorCode::ResourceNotFound),
        (
            "/accounts/BE-9999",
            ok.clone(),
            ErrorCode::LogicalIdNotFound,
        ),
        // Query parameters of the wrong type, missing, or not UTF-8.
        (
            "/sandbox/ok?len=abc",
            vec![],
            ErrorCode::InvalidParameterInput,
        ),
        (
            "/sandbox/ok?len=-1",
            vec![],
            ErrorCode::InvalidParameterInput,
        ),
        (
            "/sandbox/ok?len=99999999999999999999999",
            vec![],
            ErrorCode::InvalidParameterInput,
        ),
        (
            "/sandbox/ok?len=%FF",
            vec![],
            ErrorCode::InvalidParameterInput,
        ),
        ("/sandbox/ok", vec![], ErrorCode::MissingParameterInput),
        (
            "/sandbox/ok?size=12",
            vec![],
            ErrorCode::MissingParameterInput,
        ),
        (
            "/sandbox/errors/GEN-1201-100001",
            vec![],
            ErrorCode::MissingParameterInput,
        ),
        (
            "/sandbox/errors/GEN-1205-100002?retry_after=soon",
            vec![],
            ErrorCode::InvalidParameterInput,
        ),
        // Unknown paths.
        ("/", vec![], ErrorCode::ResourceNotFound),
        (
            "/accounts/BE-0001/transactions/extra",
            ok.clone(),
            ErrorCode::ResourceNotFound,
        ),
        ("/%FF", vec![], ErrorCode::ResourceNotFound),
        // Headers missing, malformed, or hostile.
        (
            "/accounts",
            without("request-id"),
            ErrorCode::MissingHeaderInput,
        ),
        (
            "/accounts",
            without("authorization"),
            ErrorCode::InvalidAccessToken,
        ),
        (
            "/accounts",
            with("request-id", b"not-a-uuid"),
            ErrorCode::InvalidHeaderInput,
        ),
        (
            "/accounts",
            with("request-id", b""),
            ErrorCode::InvalidHeaderInput,
        ),
        (
            "/accounts",
            with("request-id", b"\xff\xfe"),
            ErrorCode::InvalidHeaderInput,
        ),
        (
            "/accounts",
            with("authorization", b"Bearer nope"),
            ErrorCode::InvalidAccessToken,
        ),
        (
            "/accounts",
            with("authorization", b"token-1"),
            ErrorCode::InvalidAccessToken,
        ),
        (
            "/accounts",
            with("authorization", b"Bearer \xe9"),
            ErrorCode::InvalidAccessToken,
        ),
        (
            "/accounts",
            with("accept", b"text/html"),
            ErrorCode::NotAcceptable,
        ),
        (
            "/accounts",
            with("accept", b"\xff"),
            ErrorCode::InvalidHeaderInput,
        ),
    ];
    for (path, headers, expected) in &cases {
        let what = format!("GET {path} {headers:?}");
        let answer = client.send(Method::GET, path, headers).await;
        let decoded = answer.error(&what);
        assert_eq!(decoded.code(), Some(*expected), "{what}");
    }
}

/// A method a route does not take is a 405 from the catalogue with the
/// route's `Allow`; HEAD is a GET without the body, checks included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_methods_and_head_on_every_route() {
    let client = client().await;
    let ok = credentials();
    for path in ROUTES {
        for method in [
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::OPTIONS,
        ] {
            let what = format!("{method} {path}");
            let answer = client.send(method, path, &ok).await;
            let decoded = answer.error(&what);
            assert_eq!(decoded.code(), Some(ErrorCode::MethodNotAllowed), "{what}");
            let allow = answer.headers["allow"].to_str().unwrap();
            let allowed: Vec<&str> = allow.split(',').map(str::trim).collect();
            assert!(
                allowed.contains(&"GET") && allowed.contains(&"HEAD"),
                "{what}: {allow}"
            );
        }
        // HEAD answers what GET answers, without the body: with and
        // without credentials.
        for headers in [ok.clone(), vec![]] {
            let what = format!("HEAD {path} {headers:?}");
            let get = client.send(Method::GET, path, &headers).await;
            let head = client.send(Method::HEAD, path, &headers).await;
            assert_eq!(head.status, get.status, "{what}");
            assert!(head.body.is_empty(), "{what}");
            assert_eq!(
                head.headers.get("content-type"),
                get.headers.get("content-type"),
                "{what}"
            );
            if let Some(length) = head.headers.get("content-length") {
                assert_eq!(
                    length.to_str().unwrap(),
                    get.body.len().to_string(),
                    "{what}"
                );
            }
            if get.status.is_client_error() || get.status.is_server_error() {
                get.error(&what);
            }
        }
    }
    // Without credentials, a HEAD on an account route is refused as a GET
    // is (401, credentials are checked first), and the broken ledger's
    // internal reason is never reached.
    for path in ["/accounts/BE-0001", "/accounts/BE-BROKEN/transactions"] {
        let head = client.send(Method::HEAD, path, &[]).await;
        assert_eq!(head.status, StatusCode::UNAUTHORIZED, "HEAD {path}");
    }
}

/// `Response-ID` echoes a Request-ID that is an identifier (1 to 128 bytes
/// of visible ASCII) and nothing else, on every response.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn response_id_echoes_identifiers_only() {
    let client = client().await;
    let long = "a".repeat(errcat::server::MAX_ECHOED_ID);
    let too_long = "a".repeat(errcat::server::MAX_ECHOED_ID + 1);
    let huge = "b".repeat(64 * 1024);
    let echoed: [&[u8]; 4] = [REQUEST_ID.as_bytes(), b"abc", long.as_bytes(), b"x!~{}"];
    let refused: [&[u8]; 7] = [
        b"",
        too_long.as_bytes(),
        huge.as_bytes(),
        b"caf\xc3\xa9",
        b"two words",
        b"tab\there",
        b"\xff",
    ];
    for path in [
        "/accounts",
        "/nope",
        "/sandbox/ok?len=x",
        "/sandbox/ok?len=20",
    ] {
        for id in echoed {
            let answer = client.send(Method::GET, path, &[("request-id", id)]).await;
            assert_eq!(answer.headers["response-id"].as_bytes(), id, "{path}");
        }
        for id in refused {
            let answer = client.send(Method::GET, path, &[("request-id", id)]).await;
            assert!(
                !answer.headers.contains_key("response-id"),
                "{path}: {:?}",
                String::from_utf8_lossy(id)
            );
            if answer.status != StatusCode::OK {
                answer.error(path);
            }
        }
    }
}

/// A 401 carries a challenge (RFC 9110 section 15.5.2, RFC 6750 section 3),
/// a 405 its `Allow`, a 429 when to come back; the client reads the last.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_status_carries_the_fields_http_requires() {
    let client = client().await;
    let ok = credentials();
    let mut bad_token = ok.clone();
    bad_token[1] = ("authorization", b"Bearer nope");
    let answer = client.send(Method::GET, "/accounts", &bad_token).await;
    assert_eq!(answer.status, 401);
    let challenge = answer.headers["www-authenticate"].to_str().unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(
        challenge.contains(r#"error="invalid_token""#),
        "{challenge}"
    );

    // Every 401 row of the catalogue, from the sandbox, has the catalogue's.
    for code in ErrorCode::ALL {
        let answer = client
            .send(
                Method::GET,
                &format!("/sandbox/errors/{}?input=x&reason=y", code.code()),
                &[],
            )
            .await;
        let decoded = answer.error(code.code());
        assert_eq!(decoded.code(), Some(code));
        match answer.status {
            StatusCode::UNAUTHORIZED => assert_eq!(
                answer.headers["www-authenticate"],
                r#"Bearer realm="psd2-account-api""#
            ),
            StatusCode::METHOD_NOT_ALLOWED => assert_eq!(answer.headers["allow"], "GET, HEAD"),
            _ => assert!(!answer.headers.contains_key("www-authenticate"), "{code}"),
        }
    }

    // The quota: the fifth unattended call learns when the window frees up.
    // A PSU-IP-Address that is no IP address does not make a call attended.
    let mut unattended = ok.clone();
    unattended[1] = ("authorization", b"Bearer token-5");
    for ip in [&b""[..], b"x", b"<script>", b"300.1.1.1"] {
        unattended[2] = ("psu-ip-address", ip);
        let answer = client.send(Method::GET, "/accounts", &unattended).await;
        assert_eq!(answer.status, 200, "{:?}", String::from_utf8_lossy(ip));
    }
    unattended[2] = ("psu-ip-address", b"not an address");
    let answer = client.send(Method::GET, "/accounts", &unattended).await;
    let decoded = answer.error("quota");
    assert_eq!(decoded.code(), Some(ErrorCode::QuotaExceeded));
    let Some(RetryAfter::Delay(delay)) = decoded.retry_after() else {
        panic!("no Retry-After: {:?}", answer.headers)
    };
    assert!(
        delay <= app::QUOTA_WINDOW && delay > app::QUOTA_WINDOW / 2,
        "{delay:?}"
    );
    assert!(decoded.is_transient());
    // An attended call (a real address) still goes through.
    unattended[2] = ("psu-ip-address", b"2001:db8::1");
    let answer = client.send(Method::GET, "/accounts", &unattended).await;
    assert_eq!(answer.status, 200);

    // The sandbox's 503 with a Retry-After, read back by the client.
    let answer = client
        .send(
            Method::GET,
            "/sandbox/errors/GEN-1204-100001?retry_after=90",
            &[],
        )
        .await;
    assert_eq!(answer.headers["retry-after"], "90");
    assert_eq!(
        answer.error("503").retry_after(),
        Some(RetryAfter::Delay(std::time::Duration::from_secs(90)))
    );
}

/// axum's JSON, query and path rejections become catalogue errors naming
/// the offending value, for errcat's catalogue and for a catalogue of a
/// crate of its own (whose `[roles]` leaves the header roles to fall back).
#[tokio::test]
async fn rejections_name_what_was_wrong_in_any_catalogue() {
    use axum::Json;
    use axum::body::Body;
    use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
    use axum::extract::{DefaultBodyLimit, Path, Query};
    use axum::routing::{get, post};
    use errcat::{ApiError, Roles};
    use tower::ServiceExt;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Payment {
        amount: u64,
        creditor: Creditor,
        tags: Vec<u8>,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Creditor {
        iban: String,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        len: usize,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Id {
        id: u32,
    }

    fn app<C: Roles>() -> axum::Router {
        async fn pay<C: Roles>(body: Result<Json<Payment>, JsonRejection>) -> ApiError<C> {
            match body {
                Err(rejection) => rejection.into(),
                Ok(_) => ApiError::naming(C::INTERNAL, "accepted"),
            }
        }
        async fn page<C: Roles>(query: Result<Query<Page>, QueryRejection>) -> ApiError<C> {
            query.map_or_else(Into::into, |_| ApiError::naming(C::INTERNAL, "accepted"))
        }
        async fn item<C: Roles>(path: Result<Path<Id>, PathRejection>) -> ApiError<C> {
            path.map_or_else(Into::into, |_| ApiError::naming(C::INTERNAL, "accepted"))
        }
        axum::Router::new()
            .route("/pay", post(pay::<C>))
            .route("/page", get(page::<C>))
            .route("/items/{id}", get(item::<C>))
            .layer(DefaultBodyLimit::max(256))
    }

    async fn check<C: Roles>() {
        let json = |body: &str| {
            http::Request::post("/pay")
                .header("content-type", "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap()
        };
        let get = |uri: &str| http::Request::get(uri).body(Body::empty()).unwrap();
        let cases = [
            (
                json(r#"{"creditor":{"iban":"x"},"tags":[]}"#),
                C::MISSING_INPUT,
                "amount",
            ),
            (
                json(r#"{"amount":1,"creditor":{},"tags":[]}"#),
                C::MISSING_INPUT,
                "creditor.iban",
            ),
            (
                json(r#"{"amount":"1","creditor":{"iban":"x"},"tags":[]}"#),
                C::INVALID_INPUT,
                "amount",
            ),
            (
                json(r#"{"amount":1,"creditor":{"iban":"x"},"tags":[1,300]}"#),
                C::INVALID_INPUT,
                "tags[1]",
            ),
            (json(r#"{"amount":1,"#), C::INVALID_INPUT, "body"),
            (
                json(&format!(r#"{{"amount":1,"x":"{}"}}"#, "y".repeat(300))),
                C::PAYLOAD_TOO_LARGE,
                "body",
            ),
            (
                http::Request::post("/pay").body(Body::from("{}")).unwrap(),
                C::UNSUPPORTED_MEDIA_TYPE,
                "Content-Type",
            ),
            (get("/page"), C::MISSING_INPUT, "len"),
            (get("/page?len=x"), C::INVALID_INPUT, "len"),
            (get("/items/x"), C::INVALID_INPUT, "id"),
            (get("/items/%FF"), C::INVALID_INPUT, "id"),
        ];
        for (request, code, name) in cases {
            let what = format!(
                "{} {} in {}",
                request.method(),
                request.uri(),
                C::CATALOGUE.name()
            );
            let response = app::<C>().oneshot(request).await.unwrap();
            assert_eq!(response.status(), code.status(), "{what}");
            let error = response.extensions().get::<ApiError<C>>().unwrap();
            assert_eq!(error.code(), code, "{what}");
            // The name is the placeholder's value, or the detail's start
            // when the row has none.
            let named = match error.values().next() {
                Some((_, value)) => value.to_owned(),
                None => error
                    .detail()
                    .unwrap()
                    .split(": ")
                    .next()
                    .unwrap()
                    .to_owned(),
            };
            assert_eq!(named, name, "{what}: {error:?}");
        }
    }
    check::<ErrorCode>().await;
    check::<payments::errors::ErrorCode>().await;
    // The fallbacks of the roles the payments catalogue leaves out.
    assert_eq!(
        <payments::errors::ErrorCode as Roles>::MISSING_HEADER,
        <payments::errors::ErrorCode as Roles>::MISSING_INPUT
    );
    assert_eq!(
        <payments::errors::ErrorCode as Roles>::UNSUPPORTED_MEDIA_TYPE,
        <payments::errors::ErrorCode as Roles>::INVALID_INPUT
    );
}

/// What hyper refuses before any service runs cannot be a catalogue error:
/// the README says so, and this pins what a client gets instead (a status,
/// no body), so that a change of hyper's behaviour shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_hyper_refuses_before_routing_is_documented() {
    use std::io::{Read, Write};

    let addr = serve().await;
    let raw = |request: Vec<u8>| async move {
        tokio::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            stream.write_all(&request).unwrap();
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            String::from_utf8_lossy(&answer).into_owned()
        })
        .await
        .unwrap()
    };
    // More header fields than hyper reads: 431.
    let mut many = b"GET /accounts HTTP/1.1\r\nHost: x\r\n".to_vec();
    for n in 0..200 {
        many.extend_from_slice(format!("X-{n}: y\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    let answer = raw(many).await;
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    assert!(answer.ends_with("\r\n\r\n"), "a body: {answer}");
    // A request line hyper cannot parse: 400, no body.
    let answer = raw(b"GET /accounts\x01 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()).await;
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(answer.ends_with("\r\n\r\n"), "a body: {answer}");
}

/// A 405 made by a handler says which methods are allowed: the typed
/// constructor of every 405 row asks for them, in every catalogue.
#[test]
fn a_handlers_405_carries_allow() {
    use axum::response::IntoResponse;

    let response =
        errcat::ApiError::method_not_allowed([Method::GET, Method::HEAD]).into_response();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
    let response = payments::errors::ErrorCode::method_not_allowed([Method::POST]).into_response();
    assert_eq!(response.headers()["allow"], "POST");
}

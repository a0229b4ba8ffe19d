//! The example account server: three account endpoints over in-memory data,
//! answering each documented error from the catalogue.
//!
//! | request | answer |
//! |---|---|
//! | no `Request-ID` / no `Authorization` header | 400 `GEN-1201-100001` with the header's name |
//! | `Request-ID` that is not a UUID v4 | 400 `GEN-1202-100001` |
//! | `Authorization` that is not a known bearer token | 401 `GEN-1203-100003` |
//! | `Accept` naming an unsupported version of the API's media type | 404 `GEN-1206-100002` |
//! | `Accept` naming no media type the server produces | 406 `GEN-1206-100006` |
//! | unknown logical id | 404 `GEN-1206-100007` |
//! | a method a route does not take | 405 `GEN-1206-100003`, with `Allow` |
//! | a path that is no route | 404 `GEN-1206-100001` |
//! | a path or query parameter that does not parse (`/problems/%FF`, `?len=abc`) | 400 `GEN-1202-100002` |
//! | a required query parameter missing | 400 `GEN-1201-100002` with its name |
//! | a fifth unattended call (no valid `PSU-IP-Address`) by a TPP within 24 hours | 429 `GEN-1205-100002`, with `Retry-After` |
//! | the transactions of `BE-BROKEN` (its ledger is down) | 500 `GEN-1206-100008`, the reason in the log only |
//!
//! `HEAD` goes through the same checks as `GET`; a 401 carries RFC 6750's
//! `WWW-Authenticate`; every error response, whatever made it, is a
//! catalogue error (errcat's rejections, fallbacks and `CatalogueOnlyLayer`).
//!
//! Two more routes serve client developers: `/problems/{code}` documents a
//! code (the `type` of problem+json bodies points there), and
//! `/sandbox/errors/{code}?input=…` answers any catalogue row on demand, its
//! values marked public, so a client can test its decoding of every error.
//! `/sandbox/ok?len=N` answers 200 with a JSON body of N bytes (the load
//! check compares it with an error body of the same size).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use errcat::server::{
    CatalogueOnlyLayer, ErrorFormatLayer, REQUEST_ID, ResponseIdLayer, method_not_allowed,
    not_found,
};
use errcat::{ApiError, ErrorCode, RetryAfter};
use serde_json::{Value, json};

/// The API's own media type, and the versions this server speaks.
pub const MEDIA_TYPE: &str = "application/vnd.belfius.api+json";
pub const VERSIONS: &[&str] = &["1"];
/// Unattended calls (without `PSU-IP-Address`) a TPP may make per window.
pub const UNATTENDED_QUOTA: usize = 4;
pub const QUOTA_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);
/// The account whose ledger is down: its transactions fail with a 500.
pub const BROKEN_ACCOUNT: &str = "BE-BROKEN";

/// The server's data: accounts, the bearer tokens it accepts, and the
/// unattended calls each token made recently.
pub struct Bank {
    accounts: Vec<Value>,
    tokens: Vec<String>,
    unattended: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Bank {
    /// Two accounts, one of them broken, and the tokens `token-1`..`token-9`.
    pub fn sample() -> Bank {
        Bank {
            accounts: vec![
                json!({"logicalId": "BE-0001", "iban": "BE68539007547034", "currency": "EUR", "name": "Current account",
                       "transactions": [{"amount": "-12.50", "currency": "EUR", "remittance": "Coffee beans"},
                                        {"amount": "2500.00", "currency": "EUR", "remittance": "Salary"}]}),
                json!({"logicalId": BROKEN_ACCOUNT, "iban": "BE71096123456769", "currency": "EUR", "name": "Savings account",
                       "transactions": []}),
            ],
            tokens: (1..=9).map(|n| format!("token-{n}")).collect(),
            unattended: Mutex::new(HashMap::new()),
        }
    }
}

/// The application: routes, the checks in front of the account routes, and
/// errcat's pieces: the fallbacks for unknown paths and wrong methods, the
/// layer that makes any other error response a catalogue error,
/// problem+json negotiation and Response-ID.
pub fn app(bank: Arc<Bank>) -> Router {
    let accounts = Router::new()
        .route("/accounts", get(list_accounts))
        .route("/accounts/{logical_id}", get(account))
        .route("/accounts/{logical_id}/transactions", get(transactions))
        .route_layer(middleware::from_fn_with_state(Arc::clone(&bank), checks));
    Router::new()
        .merge(accounts)
        .route("/problems/{code}", get(problem_type))
        .route("/sandbox/errors/{code}", get(sandbox_error))
        .route("/sandbox/ok", get(sandbox_ok))
        .fallback(not_found::<ErrorCode>)
        // axum adds the route's `Allow` to what this answers.
        .method_not_allowed_fallback(method_not_allowed::<ErrorCode>)
        .with_state(bank)
        .layer(CatalogueOnlyLayer::<ErrorCode>::new())
        .layer(ErrorFormatLayer::new())
        .layer(ResponseIdLayer::new())
}

/// What every account route checks, in the order the API checks it.
async fn checks(
    State(bank): State<Arc<Bank>>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    // HEAD is a GET without the body: the same checks, or a HEAD would
    // learn without credentials what a GET may not.
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let checked = check_request_id(&headers)
        .and_then(|()| check_token(&bank, &headers))
        .and_then(|token| check_accept(&headers).map(|()| token))
        .and_then(|token| check_quota(&bank, &headers, token));
    match checked {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

fn check_request_id(headers: &HeaderMap) -> Result<(), ApiError> {
    let id = headers
        .get(REQUEST_ID)
        .ok_or_else(|| ApiError::missing_header_input("Request-ID"))?;
    let is_v4 = id
        .to_str()
        .ok()
        .filter(|id| id.len() == 36)
        .and_then(|id| uuid::Uuid::try_parse(id).ok())
        .is_some_and(|id| id.get_version_num() == 4);
    if is_v4 {
        Ok(())
    } else {
        Err(ApiError::invalid_header_input())
    }
}

fn check_token(bank: &Bank, headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers
        .get(AUTHORIZATION)
        .ok_or_else(|| ApiError::missing_header_input("Authorization"))?;
    value
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .filter(|token| bank.tokens.iter().any(|known| known == token))
        .map(str::to_owned)
        .ok_or_else(|| {
            // RFC 6750 section 3.1: a token that is not valid is
            // `invalid_token`.
            ApiError::invalid_access_token().with_challenge(HeaderValue::from_static(
                r#"Bearer realm="psd2-account-api", error="invalid_token""#,
            ))
        })
}

/// The media types a success response can be: the API's own (any version
/// this server speaks) or plain JSON. `Accept` is read by errcat's rules,
/// the ones the error layer negotiates with: the most specific range decides
/// a type's quality, `q=0` refuses it, a range with an invalid `q` is
/// ignored.
fn check_accept(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(accept) = headers.get(ACCEPT) else {
        return Ok(());
    };
    let accept = accept
        .to_str()
        .map(errcat::problem::Accept::new)
        .map_err(|_| ApiError::invalid_header_input())?;
    let mut produced = VERSIONS
        .iter()
        .map(|version| format!("{MEDIA_TYPE}; version={version}"))
        .chain(["application/json".to_owned()]);
    if produced.any(|media_type| accept.accepts(&media_type)) {
        return Ok(());
    }
    let asks_another_version = accept.ranges().any(|range| {
        range.quality().is_acceptable()
            && range.essence().eq_ignore_ascii_case(MEDIA_TYPE)
            && range.param("version").is_some()
    });
    if asks_another_version {
        Err(ApiError::version_not_found(VERSIONS.join(", ")))
    } else {
        Err(ApiError::not_acceptable(format!(
            "{MEDIA_TYPE}; version={}",
            VERSIONS[VERSIONS.len() - 1]
        )))
    }
}

/// Counts unattended calls: a request without the customer's IP address in
/// `PSU-IP-Address` was not triggered by the customer, and PSD2 allows four
/// a day per TPP. Only an IP address makes a call attended: an empty or
/// malformed header counts as none.
fn check_quota(bank: &Bank, headers: &HeaderMap, token: String) -> Result<(), ApiError> {
    let attended = headers
        .get("psu-ip-address")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim().parse::<std::net::IpAddr>().is_ok());
    if attended {
        return Ok(());
    }
    let now = Instant::now();
    let mut unattended = bank
        .unattended
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let calls = unattended.entry(token).or_default();
    while calls
        .front()
        .is_some_and(|&at| now.duration_since(at) >= QUOTA_WINDOW)
    {
        calls.pop_front();
    }
    if calls.len() >= UNATTENDED_QUOTA {
        // The oldest call of the window leaves it first.
        let free_at = calls.front().map_or(now, |&oldest| oldest + QUOTA_WINDOW);
        return Err(ApiError::quota_exceeded()
            .with_retry_after(RetryAfter::Delay(free_at.saturating_duration_since(now))));
    }
    calls.push_back(now);
    Ok(())
}

fn find<'a>(bank: &'a Bank, logical_id: &str) -> Result<&'a Value, ApiError> {
    bank.accounts
        .iter()
        .find(|account| account["logicalId"] == logical_id)
        .ok_or_else(ApiError::logical_id_not_found)
}

/// A success response in the API's media type.
fn resource(body: Value) -> Response {
    let mut response = Json(body).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&format!("{MEDIA_TYPE}; version={}", VERSIONS[0]))
            .expect("a valid header value"),
    );
    response
}

async fn list_accounts(State(bank): State<Arc<Bank>>) -> Response {
    let accounts: Vec<Value> = bank
        .accounts
        .iter()
        .map(|account| json!({"logicalId": account["logicalId"], "iban": account["iban"], "name": account["name"]}))
        .collect();
    resource(json!({ "accounts": accounts }))
}

async fn account(
    State(bank): State<Arc<Bank>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(logical_id) = path?;
    let account = find(&bank, &logical_id)?;
    Ok(resource(json!({
        "logicalId": account["logicalId"],
        "iban": account["iban"],
        "currency": account["currency"],
        "name": account["name"],
    })))
}

async fn transactions(
    State(bank): State<Arc<Bank>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(logical_id) = path?;
    let account = find(&bank, &logical_id)?;
    if logical_id == BROKEN_ACCOUNT {
        // What a real failure looks like: an internal reason that must not
        // reach the client. It goes to the log; the client gets the row.
        return Err(ApiError::internal_error_with_reason(
            "ledger shard 7 unreachable: connect to 10.0.3.7:5432 refused",
        )
        .with_detail("SELECT * FROM movements WHERE account = $1\nstatement timeout"));
    }
    Ok(resource(json!({ "transactions": account["transactions"] })))
}

/// The documentation behind a problem `type`: the row of the catalogue.
async fn problem_type(path: Result<Path<String>, PathRejection>) -> Result<Response, ApiError> {
    let Path(code) = path?;
    let code = ErrorCode::from_code(&code).ok_or_else(ApiError::resource_not_found)?;
    let text = format!(
        "{code}\n\nstatus: {}\nerror: {}\ndescription: {}\nscenario: {}\n",
        code.status(),
        code.kind().wire_token(),
        code.published_description(),
        code.scenario()
    );
    Ok(([(CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// Answers the row `code` with the values in the query, marked public, and
/// the header fields its status calls for: `Allow` on a 405 (this
/// resource's methods), `Retry-After` when the query has `retry_after`
/// (seconds).
async fn sandbox_error(
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiError {
    let (Path(code), Query(values)) = match (path, query) {
        (Ok(path), Ok(query)) => (path, query),
        (Err(rejection), _) => return rejection.into(),
        (_, Err(rejection)) => return rejection.into(),
    };
    let Some(code) = ErrorCode::from_code(&code) else {
        return ApiError::resource_not_found();
    };
    let error = sandbox_values(code, &values);
    let error = if error.status() == StatusCode::METHOD_NOT_ALLOWED {
        error.with_allow([Method::GET, Method::HEAD])
    } else {
        error
    };
    match values
        .get("retry_after")
        .map(|seconds| seconds.parse::<u64>())
    {
        None => error,
        Some(Ok(seconds)) => {
            error.with_retry_after(RetryAfter::Delay(std::time::Duration::from_secs(seconds)))
        }
        Some(Err(_)) => ApiError::invalid_parameter_input().with_detail("retry_after"),
    }
}

fn sandbox_values(code: ErrorCode, values: &HashMap<String, String>) -> ApiError {
    let values = code
        .placeholders()
        .iter()
        .map(|name| {
            values
                .get(*name)
                .map(|value| (*name, value.clone()))
                .ok_or(*name)
        })
        .collect::<Result<Vec<_>, _>>();
    match values {
        Ok(values) => ApiError::with_values(code, values)
            .map(ApiError::mark_public)
            .unwrap_or_else(|_| ApiError::invalid_parameter_input()),
        Err(missing) => ApiError::missing_parameter_input(missing),
    }
}

#[derive(serde::Deserialize)]
struct Length {
    len: usize,
}

/// 200 with a JSON body of exactly `len` bytes (at least 12).
async fn sandbox_ok(query: Result<Query<Length>, QueryRejection>) -> Result<Response, ApiError> {
    let Query(Length { len }) = query?;
    let padding = len.saturating_sub(r#"{"ok":""}"#.len()).min(1 << 20);
    let body = format!(r#"{{"ok":"{}"}}"#, "x".repeat(padding));
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

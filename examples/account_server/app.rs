//! The example account server: three account endpoints over in-memory data,
//! answering each documented error from the catalogue.
//!
//! | request | answer |
//! |---|---|
//! | no `Authorization` header | 401 `GEN-1203-100003`, the challenge without an error (RFC 6750 section 3.1) |
//! | `Authorization` that is not a known bearer token | 401 `GEN-1203-100003`, `error="invalid_token"` |
//! | no `Request-ID` header | 400 `GEN-1201-100001` with the header's name |
//! | `Request-ID` that is not a UUID v4 | 400 `GEN-1202-100001` |
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
//!
//! `/openapi.json` is the server's OpenAPI document, made with utoipa from
//! the handlers' own error types: each route documents exactly the
//! catalogue rows it answers (errcat's `utoipa` feature, `errcat::openapi`).

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
use errcat::openapi::Errors;
use errcat::server::{
    CatalogueOnlyLayer, ErrorFormatLayer, REQUEST_ID, ResponseIdLayer, method_not_allowed,
    not_found,
};
use errcat::{ApiError, Catalogued, ErrorCode, RetryAfter};
use serde_json::{Value, json};
use utoipa::OpenApi;

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
        .route(OPENAPI_PATH, get(openapi_document))
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
    // Credentials first: a client without them learns nothing else about
    // the request (and gets the 401 RFC 6750 asks for, whatever else is
    // wrong).
    let checked = check_token(&bank, &headers)
        .and_then(|token| check_request_id(&headers).map(|()| token))
        .and_then(|token| check_accept(&headers).map(|()| token))
        .and_then(|token| check_quota(&bank, &headers, token));
    match checked {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

/// What the checks in front of every account route answer.
#[derive(Debug, Catalogued)]
pub enum CheckError {
    #[catalogue(
        code = "GEN-1201-100001",
        input = header,
        scenario = "The Request-ID header is missing"
    )]
    MissingHeader { header: &'static str },
    #[catalogue(
        code = "GEN-1202-100001",
        scenario = "The Request-ID is no UUID v4, or the Accept header is not text"
    )]
    InvalidHeader,
    #[catalogue(
        code = "GEN-1203-100003",
        scenario = "The request has no Authorization header: the challenge carries no error (RFC 6750 section 3.1)"
    )]
    NoToken,
    #[catalogue(
        code = "GEN-1203-100003",
        scenario = "The Authorization header holds no bearer token the server issued: the challenge says invalid_token"
    )]
    UnknownToken,
    #[catalogue(
        code = "GEN-1206-100002",
        input = versions,
        scenario = "Accept names only versions of the API's media type this server does not speak"
    )]
    UnknownVersion { versions: String },
    #[catalogue(
        code = "GEN-1206-100006",
        input = media_type,
        scenario = "Accept names no media type this server produces"
    )]
    NotAcceptable { media_type: String },
    #[catalogue(
        code = "GEN-1205-100002",
        scenario = "A fifth unattended call (without PSU-IP-Address) by the same token within 24 hours"
    )]
    QuotaExceeded,
}

fn check_request_id(headers: &HeaderMap) -> Result<(), ApiError> {
    let id = headers.get(REQUEST_ID).ok_or(CheckError::MissingHeader {
        header: "Request-ID",
    })?;
    let is_v4 = id
        .to_str()
        .ok()
        .filter(|id| id.len() == 36)
        .and_then(|id| uuid::Uuid::try_parse(id).ok())
        .is_some_and(|id| id.get_version_num() == 4);
    if is_v4 {
        Ok(())
    } else {
        Err(CheckError::InvalidHeader.into())
    }
}

fn check_token(bank: &Bank, headers: &HeaderMap) -> Result<String, ApiError> {
    // Without credentials, 401 and the catalogue's challenge, which names
    // no error (RFC 6750 section 3.1): the client may not know the resource
    // needs a token.
    let value = headers.get(AUTHORIZATION).ok_or(CheckError::NoToken)?;
    value
        .to_str()
        .ok()
        .and_then(bearer_token)
        .filter(|token| bank.tokens.iter().any(|known| known == token))
        .map(str::to_owned)
        .ok_or_else(|| {
            // RFC 6750 section 3.1: a token that is not valid is
            // `invalid_token`.
            ApiError::from(CheckError::UnknownToken).with_challenge(HeaderValue::from_static(
                r#"Bearer realm="psd2-account-api", error="invalid_token""#,
            ))
        })
}

/// The token of an `Authorization: Bearer TOKEN` value. The scheme is
/// case-insensitive (RFC 9110 section 11.1: `bearer` and `BEARER` are
/// `Bearer`), and one or more spaces follow it; the token is case-sensitive.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim_start_matches(' ');
    (scheme.eq_ignore_ascii_case("Bearer") && !token.is_empty()).then_some(token)
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
        .map(errcat::format::Accept::new)
        .map_err(|_| CheckError::InvalidHeader)?;
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
        Err(CheckError::UnknownVersion {
            versions: VERSIONS.join(", "),
        }
        .into())
    } else {
        Err(CheckError::NotAcceptable {
            media_type: format!("{MEDIA_TYPE}; version={}", VERSIONS[VERSIONS.len() - 1]),
        }
        .into())
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
        return Err(ApiError::from(CheckError::QuotaExceeded)
            .with_retry_after(RetryAfter::Delay(free_at.saturating_duration_since(now))));
    }
    calls.push_back(now);
    Ok(())
}

/// What the routes of one account answer, beyond the checks.
#[derive(Debug, Catalogued)]
pub enum AccountError {
    #[catalogue(
        code = "GEN-1202-100002",
        scenario = "The logical id in the path is not UTF-8 once percent-decoded"
    )]
    InvalidPath {
        #[source]
        rejection: PathRejection,
    },
    #[catalogue(code = "GEN-1206-100007", scenario = "No account has this logical id")]
    UnknownAccount,
}

/// What the transactions of an account answer beyond [`AccountError`].
#[derive(Debug, Catalogued)]
pub enum LedgerError {
    #[catalogue(
        code = "GEN-1206-100008",
        reason = reason,
        scenario = "The account's ledger is down (BE-BROKEN's always is)"
    )]
    Down { reason: &'static str },
}

fn find<'a>(bank: &'a Bank, logical_id: &str) -> Result<&'a Value, AccountError> {
    bank.accounts
        .iter()
        .find(|account| account["logicalId"] == logical_id)
        .ok_or(AccountError::UnknownAccount)
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

/// The accounts the token may read.
#[utoipa::path(
    get,
    path = "/accounts",
    tag = "accounts",
    params(AccountHeaders),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accounts", content_type = "application/vnd.belfius.api+json", body = AccountList),
        Errors<(CheckError,)>,
    )
)]
async fn list_accounts(State(bank): State<Arc<Bank>>) -> Response {
    let accounts: Vec<Value> = bank
        .accounts
        .iter()
        .map(|account| json!({"logicalId": account["logicalId"], "iban": account["iban"], "name": account["name"]}))
        .collect();
    resource(json!({ "accounts": accounts }))
}

/// One account.
#[utoipa::path(
    get,
    path = "/accounts/{logical_id}",
    tag = "accounts",
    params(("logical_id" = String, Path, description = "The account's logical id", example = "BE-0001"), AccountHeaders),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", content_type = "application/vnd.belfius.api+json", body = Account),
        Errors<(CheckError, AccountError)>,
    )
)]
async fn account(
    State(bank): State<Arc<Bank>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AccountError> {
    let Path(logical_id) = path.map_err(|rejection| AccountError::InvalidPath { rejection })?;
    let account = find(&bank, &logical_id)?;
    Ok(resource(json!({
        "logicalId": account["logicalId"],
        "iban": account["iban"],
        "currency": account["currency"],
        "name": account["name"],
    })))
}

/// An account's transactions.
#[utoipa::path(
    get,
    path = "/accounts/{logical_id}/transactions",
    tag = "accounts",
    params(("logical_id" = String, Path, description = "The account's logical id", example = "BE-0001"), AccountHeaders),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The transactions", content_type = "application/vnd.belfius.api+json", body = TransactionList),
        Errors<(CheckError, AccountError, LedgerError)>,
    )
)]
async fn transactions(
    State(bank): State<Arc<Bank>>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(logical_id) = path.map_err(|rejection| AccountError::InvalidPath { rejection })?;
    let account = find(&bank, &logical_id)?;
    if logical_id == BROKEN_ACCOUNT {
        // What a real failure looks like: an internal reason that must not
        // reach the client. It goes to the log; the client gets the row.
        return Err(ApiError::from(LedgerError::Down {
            reason: "ledger shard 7 unreachable: connect to 10.0.3.7:5432 refused",
        })
        .with_detail("SELECT * FROM movements WHERE account = $1\nstatement timeout"));
    }
    Ok(resource(json!({ "transactions": account["transactions"] })))
}

/// What `/problems/{code}` answers.
#[derive(Debug, Catalogued)]
pub enum ProblemTypeError {
    #[catalogue(
        code = "GEN-1202-100002",
        scenario = "The code in the path is not UTF-8 once percent-decoded"
    )]
    InvalidPath {
        #[source]
        rejection: PathRejection,
    },
    #[catalogue(
        code = "GEN-1206-100001",
        scenario = "No row of the catalogue has this code"
    )]
    UnknownCode,
}

/// The documentation behind a problem `type`: the row of the catalogue.
#[utoipa::path(
    get,
    path = "/problems/{code}",
    tag = "documentation",
    params(("code" = String, Path, description = "A code of the catalogue", example = "GEN-1203-100003")),
    responses(
        (status = 200, description = "The row, as text", content_type = "text/plain", body = String),
        Errors<(ProblemTypeError,)>,
    )
)]
async fn problem_type(
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ProblemTypeError> {
    let Path(code) = path.map_err(|rejection| ProblemTypeError::InvalidPath { rejection })?;
    let code = ErrorCode::from_code(&code).ok_or(ProblemTypeError::UnknownCode)?;
    let text = format!(
        "{code}\n\nstatus: {}\nerror: {}\ndescription: {}\nscenario: {}\n",
        code.status(),
        code.kind().wire_token(),
        code.published_description(),
        code.scenario()
    );
    Ok(([(CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// The query of `/sandbox/errors/{code}`: a value per placeholder of the
/// catalogue, and `retry_after`.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SandboxQuery {
    /// The value of the `input` placeholder, for the rows that have one.
    input: Option<String>,
    /// The value of the `reason` placeholder (marked public here).
    reason: Option<String>,
    /// Seconds, sent as `Retry-After`.
    #[param(minimum = 0, maximum = 18446744073709551615_u64)]
    retry_after: Option<u64>,
}

/// Answers the row `code` with the values in the query, marked public, and
/// the header fields its status calls for: `Allow` on a 405 (this
/// resource's methods), `Retry-After` when the query has `retry_after`
/// (seconds). Any row of the catalogue, so any of its statuses.
#[utoipa::path(
    get,
    path = "/sandbox/errors/{code}",
    tag = "sandbox",
    params(("code" = String, Path, description = "The code to answer with", example = "GEN-1205-100002"), SandboxQuery),
    responses(ApiError)
)]
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

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Length {
    /// The body's length in bytes (at most 1 MiB more than `{"ok":""}`).
    #[param(minimum = 0, maximum = 18446744073709551615_u64)]
    len: usize,
}

/// What `/sandbox/ok` answers.
#[derive(Debug, Catalogued)]
pub enum LengthError {
    #[catalogue(
        code = "GEN-1201-100002",
        input = "len",
        scenario = "The query has no len"
    )]
    Missing,
    #[catalogue(
        code = "GEN-1202-100002",
        scenario = "len is not a number from 0 to 2^64 - 1"
    )]
    Invalid {
        #[source]
        reason: String,
    },
}

impl From<QueryRejection> for LengthError {
    /// errcat's reading of the rejection decides which.
    fn from(rejection: QueryRejection) -> LengthError {
        let reason = rejection.to_string();
        if ApiError::<ErrorCode>::from(rejection).code() == ErrorCode::MissingParameterInput {
            LengthError::Missing
        } else {
            LengthError::Invalid { reason }
        }
    }
}

/// 200 with a JSON body of exactly `len` bytes (at least 9).
#[utoipa::path(
    get,
    path = "/sandbox/ok",
    tag = "sandbox",
    params(Length),
    responses(
        (status = 200, description = "`{\"ok\":\"xxx…\"}`, `len` bytes long", content_type = "application/json", body = SandboxOk),
        Errors<(LengthError,)>,
    )
)]
async fn sandbox_ok(query: Result<Query<Length>, QueryRejection>) -> Result<Response, LengthError> {
    let Query(Length { len }) = query?;
    let padding = len.saturating_sub(r#"{"ok":""}"#.len()).min(1 << 20);
    let body = format!(r#"{{"ok":"{}"}}"#, "x".repeat(padding));
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

/// Where the server serves its OpenAPI document.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// This server's OpenAPI document (OpenAPI 3.1).
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "documentation",
    responses((status = 200, description = "This document", content_type = "application/json", body = Object))
)]
async fn openapi_document() -> Response {
    static DOCUMENT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let body = DOCUMENT.get_or_init(|| {
        serde_json::to_vec_pretty(&openapi()).expect("an OpenAPI document serializes")
    });
    ([(CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

/// The headers every account route reads.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
struct AccountHeaders {
    /// The request's identifier, a UUID v4, echoed in `Response-ID`.
    #[serde(rename = "Request-ID")]
    #[param(
        pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        example = "0f8fad5b-d9cb-469f-a165-70867728950e"
    )]
    request_id: String,
    /// The customer's IP address, when the customer triggered the call. A
    /// call without one is unattended: four a day per token.
    #[serde(rename = "PSU-IP-Address")]
    #[param(example = "192.0.2.1")]
    psu_ip_address: Option<String>,
}

/// The schemas of the success bodies: what the handlers' `json!` write.
#[derive(utoipa::ToSchema)]
#[schema(as = AccountSummary)]
#[allow(dead_code)]
struct AccountSummary {
    #[schema(rename = "logicalId")]
    logical_id: String,
    iban: String,
    name: String,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct AccountList {
    accounts: Vec<AccountSummary>,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct Account {
    #[schema(rename = "logicalId")]
    logical_id: String,
    iban: String,
    currency: String,
    name: String,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct Transaction {
    amount: String,
    currency: String,
    remittance: String,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct TransactionList {
    transactions: Vec<Transaction>,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct SandboxOk {
    ok: String,
}

/// The bearer tokens of the account routes.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_accounts,
        account,
        transactions,
        problem_type,
        sandbox_error,
        sandbox_ok,
        openapi_document
    ),
    modifiers(&BearerAuth)
)]
struct Document;

/// The server's OpenAPI document: its paths, and for each the catalogue
/// rows it answers; titled and versioned from the catalogue.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut document = Document::openapi();
    document.info.title = errcat::CATALOGUE.name().to_owned();
    document.info.version = errcat::CATALOGUE.version().to_owned();
    document.info.description = Some(format!(
        "The example account server of errcat: the {} over in-memory data, every error a row of its catalogue (`{}`).",
        errcat::CATALOGUE.name(),
        errcat::CATALOGUE.id()
    ));
    // The sandbox answers any code of the catalogue: say which they are, so
    // that a client (or a fuzzer) can ask for each.
    let sandbox = document
        .paths
        .paths
        .get_mut("/sandbox/errors/{code}")
        .and_then(|item| item.get.as_mut())
        .and_then(|operation| operation.parameters.as_mut());
    for parameter in sandbox.into_iter().flatten() {
        if let utoipa::openapi::RefOr::T(parameter) = parameter
            && parameter.name == "code"
        {
            let codes = ErrorCode::ALL.iter().map(|code| code.code());
            parameter.schema = Some(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(codes))
                    .into(),
            );
        }
    }
    document
}

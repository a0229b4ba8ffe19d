//! A gateway in front of two APIs of one bank: `/accounts/...` answers with
//! the Account API's errors (errcat's own catalogue) and `/payments/...`
//! with the Payment Initiation API's (the `payments` crate's catalogue).
//! Both share the GEN-12xx rows; a client still gets each API's errors, with
//! each API's problem `type`s, and the gateway's own error types attach to
//! each catalogue, checked at compile time. Each API answers in the wire
//! formats its catalogue speaks: the Account API in its OAuth-style body by
//! default, the Payment API in the Berlin Group's NextGenPSD2 body, as a
//! PSD2 bank's payment API does; both also in the bank's house body
//! (`house::Fault`) to a client that asks for it.
//!
//! Every error response is a catalogue error of the API whose path it is:
//! each API's routes have that catalogue's fallbacks (unknown path, wrong
//! method), its rejections (a path, query or body that does not parse) and
//! its `CatalogueOnlyLayer`; a path under neither API is the Account API's
//! unknown resource.

use axum::Router;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Json, Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use errcat::server::{
    CatalogueOnlyLayer, ErrorFormatLayer, ResponseIdLayer, method_not_allowed, not_found,
};
use errcat::{ApiError, Catalogued, FillError, Roles};
use payments::errors as pay;
use serde::Deserialize;

/// The gateway's own reasons to answer with an Account API error.
#[derive(Debug, Catalogued)]
pub enum AccountsError {
    #[catalogue(
        code = "GEN-1201-100001",
        input = "Request-ID",
        scenario = "The request has no Request-ID header"
    )]
    MissingRequestId,
    #[catalogue(
        code = "GEN-1206-100007",
        scenario = "The gateway knows no account with this logical id"
    )]
    UnknownAccount,
}

/// The gateway's own reasons to answer with a Payment API error: the same
/// derive, another catalogue.
#[derive(Debug, Catalogued)]
#[catalogue(module = payments::errors)]
pub enum PaymentsError {
    #[catalogue(code = pay::ErrorCode::MissingHeaderInput, input = "Request-ID", scenario = "The request has no Request-ID header")]
    MissingRequestId,
    #[catalogue(code = "PIS-1301-000003", currency = currency, scenario = "The payment is not in euro")]
    UnsupportedCurrency { currency: String },
    #[catalogue(
        code = "PIS-1322-000001",
        scenario = "The debtor account's balance is below the amount"
    )]
    InsufficientFunds,
    #[catalogue(
        code = "PIS-1306-000001",
        scenario = "The gateway knows no payment with this id"
    )]
    UnknownPayment,
}

/// The gateway's routes: each API's with its own catalogue's fallbacks and
/// catch-all layer, behind one negotiation layer and one Response-ID layer
/// for both APIs.
pub fn app() -> Router {
    let accounts = Router::new().route("/accounts/{id}", get(account)).route(
        "/accounts/sandbox/errors/{code}",
        get(sandbox::<errcat::ErrorCode>),
    );
    let payments = Router::new()
        .route("/payments", post(initiate))
        .route("/payments/{id}", get(payment))
        .route(
            "/payments/sandbox/errors/{code}",
            get(sandbox::<pay::ErrorCode>),
        );
    Router::new()
        .merge(api::<errcat::ErrorCode>(accounts))
        .merge(api::<pay::ErrorCode>(payments))
        .fallback(not_found::<errcat::ErrorCode>)
        .layer(CatalogueOnlyLayer::<errcat::ErrorCode>::new())
        // The bank's house body, for the older clients that ask for it.
        .layer(ErrorFormatLayer::new().with_format(house::Fault))
        .layer(ResponseIdLayer::new())
}

/// One API's routes answering in its catalogue: a wrong method on them is
/// its 405 (axum adds `Allow`), any other error response its role row.
fn api<C: Roles>(routes: Router) -> Router {
    routes
        .method_not_allowed_fallback(method_not_allowed::<C>)
        .route_layer(CatalogueOnlyLayer::<C>::new())
}

fn has_request_id(headers: &HeaderMap) -> bool {
    headers.contains_key("request-id")
}

async fn account(
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<String, ApiError> {
    let Path(id) = path?;
    Ok(account_by_id(&headers, &id)?)
}

fn account_by_id(headers: &HeaderMap, id: &str) -> Result<String, AccountsError> {
    if !has_request_id(headers) {
        return Err(AccountsError::MissingRequestId);
    }
    match id {
        "BE-0001" => Ok(r#"{"logicalId":"BE-0001","currency":"EUR"}"#.to_owned()),
        _ => Err(AccountsError::UnknownAccount),
    }
}

/// A payment initiation, as much of it as the gateway looks at.
#[derive(Deserialize)]
pub struct Initiation {
    /// In cents.
    pub amount: u64,
    /// ISO 4217.
    pub currency: String,
}

/// The balance of the one debtor account the gateway knows, in cents.
const BALANCE: u64 = 10_000;

async fn initiate(
    headers: HeaderMap,
    body: Result<Json<Initiation>, JsonRejection>,
) -> Result<(StatusCode, String), pay::ApiError> {
    let Json(initiation) = body?;
    Ok(check_initiation(&headers, initiation)?)
}

fn check_initiation(
    headers: &HeaderMap,
    initiation: Initiation,
) -> Result<(StatusCode, String), PaymentsError> {
    if !has_request_id(headers) {
        return Err(PaymentsError::MissingRequestId);
    }
    if initiation.currency != "EUR" {
        return Err(PaymentsError::UnsupportedCurrency {
            currency: initiation.currency,
        });
    }
    if initiation.amount > BALANCE {
        return Err(PaymentsError::InsufficientFunds);
    }
    Ok((StatusCode::CREATED, r#"{"paymentId":"P-0001"}"#.to_owned()))
}

async fn payment(
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<String, pay::ApiError> {
    let Path(id) = path?;
    Ok(payment_by_id(&headers, &id)?)
}

fn payment_by_id(headers: &HeaderMap, id: &str) -> Result<String, PaymentsError> {
    if !has_request_id(headers) {
        return Err(PaymentsError::MissingRequestId);
    }
    match id {
        "P-0001" => Ok(r#"{"paymentId":"P-0001","transactionStatus":"ACSC"}"#.to_owned()),
        _ => Err(PaymentsError::UnknownPayment),
    }
}

/// `/{api}/sandbox/errors/{code}?name=value...`: any row of the API's
/// catalogue on demand, values public, for client developers. The same
/// handler serves both APIs, each with its own catalogue; whatever is wrong
/// with the request is answered in that catalogue's roles.
async fn sandbox<C: Roles>(
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiError<C> {
    let (Path(code), Query(values)) = match (path, query) {
        (Ok(path), Ok(query)) => (path, query),
        (Err(rejection), _) => return rejection.into(),
        (_, Err(rejection)) => return rejection.into(),
    };
    let Ok(code) = C::parse_code(&code) else {
        return ApiError::naming(C::NOT_FOUND, code);
    };
    match ApiError::with_values(code, values) {
        Ok(error) => error.mark_public(),
        Err(FillError::Missing { placeholder, .. }) => {
            ApiError::naming(C::MISSING_INPUT, placeholder)
        }
        Err(FillError::Unknown { name, .. }) => {
            ApiError::naming(C::INVALID_INPUT, String::from(name))
        }
        Err(FillError::Duplicate { placeholder, .. }) => {
            ApiError::naming(C::INVALID_INPUT, placeholder)
        }
        Err(other) => ApiError::naming(C::INVALID_INPUT, other.to_string()),
    }
}

/// Both types answer with their own catalogue's errors.
pub fn tables() -> String {
    format!(
        "{}\n{}",
        errcat::table::markdown_entries(AccountsError::ENTRIES),
        errcat::table::markdown_entries(PaymentsError::ENTRIES)
    )
}

//! A gateway in front of two APIs of one bank: `/accounts/...` answers with
//! the Account API's errors (errcat's own catalogue) and `/payments/...`
//! with the Payment Initiation API's (the `payments` crate's catalogue).
//! Both share the GEN-12xx rows; a client still gets each API's errors, with
//! each API's problem `type`s, and the gateway's own error types attach to
//! each catalogue, checked at compile time.

use axum::Router;
use axum::extract::{Json, Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use errcat::server::{ErrorFormatLayer, ResponseIdLayer};
use errcat::{ApiError, CatalogueCode, Catalogued};
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

/// The gateway's routes, behind one negotiation layer and one Response-ID
/// layer for both APIs.
pub fn app() -> Router {
    Router::new()
        .route("/accounts/{id}", get(account))
        .route(
            "/accounts/sandbox/errors/{code}",
            get(sandbox::<errcat::ErrorCode>),
        )
        .route("/payments", post(initiate))
        .route("/payments/{id}", get(payment))
        .route(
            "/payments/sandbox/errors/{code}",
            get(sandbox::<pay::ErrorCode>),
        )
        .layer(ErrorFormatLayer::new())
        .layer(ResponseIdLayer::new())
}

fn has_request_id(headers: &HeaderMap) -> bool {
    headers.contains_key("request-id")
}

async fn account(headers: HeaderMap, Path(id): Path<String>) -> Result<String, AccountsError> {
    if !has_request_id(&headers) {
        return Err(AccountsError::MissingRequestId);
    }
    match id.as_str() {
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
    Json(initiation): Json<Initiation>,
) -> Result<(StatusCode, String), PaymentsError> {
    if !has_request_id(&headers) {
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

async fn payment(headers: HeaderMap, Path(id): Path<String>) -> Result<String, PaymentsError> {
    if !has_request_id(&headers) {
        return Err(PaymentsError::MissingRequestId);
    }
    match id.as_str() {
        "P-0001" => Ok(r#"{"paymentId":"P-0001","transactionStatus":"ACSC"}"#.to_owned()),
        _ => Err(PaymentsError::UnknownPayment),
    }
}

/// `/{api}/sandbox/errors/{code}?name=value...`: any row of the API's
/// catalogue on demand, values public, for client developers. The same
/// handler serves both APIs, each with its own catalogue.
async fn sandbox<C: CatalogueCode>(
    Path(code): Path<String>,
    Query(values): Query<Vec<(String, String)>>,
) -> Response {
    // Both catalogues have the GEN row for an unknown resource.
    let not_found = || C::from_code("GEN-1206-100001").and_then(|code| ApiError::new(code).ok());
    let Ok(code) = C::parse_code(&code) else {
        return match not_found() {
            Some(error) => error.into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    };
    match ApiError::with_values(code, values) {
        Ok(error) => error.mark_public().into_response(),
        Err(error) => (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
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

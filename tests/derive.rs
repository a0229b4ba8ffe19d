//! `#[derive(Catalogued)]` used as a dependent crate uses it: enums and
//! structs, generics, a variant wrapping a source error, placeholder values
//! from literals, fields and expressions.

use std::fmt;

use errcat::{ApiError, CatalogueEntry, Catalogued, ErrorCode, table};
use http::StatusCode;
use serde_json::{Value, json};

#[derive(Debug)]
struct LedgerError {
    path: &'static str,
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ledger unreachable at {}", self.path)
    }
}

impl std::error::Error for LedgerError {}

#[derive(Debug, Catalogued)]
enum AccountsError {
    #[catalogue(
        code = "GEN-1203-100003",
        scenario = "The access token is older than 90 days"
    )]
    TokenExpired,
    #[catalogue(
        code = "GEN-1201-100001",
        input = "Request-ID",
        scenario = "No Request-ID header"
    )]
    MissingRequestId,
    #[catalogue(
        code = "GEN-1202-100002",
        scenario = "A query parameter failed to parse"
    )]
    BadQuery { field: String },
    #[catalogue(
        code = "GEN-1206-100008",
        reason = "see the logs",
        scenario = "The ledger database is unreachable"
    )]
    Database(#[source] LedgerError),
    #[catalogue(code = ErrorCode::VersionNotFound, input = supported.join(", "), scenario = "The Accept header asks for a version we do not serve")]
    Version { supported: Vec<&'static str> },
    #[catalogue(code = errcat::ErrorCode::MissingParameterInput, input = field, scenario = "A path parameter is missing")]
    MissingParameter { field: &'static str },
    #[catalogue(
        code = "GEN-1206-100006",
        input = 0,
        scenario = "The Accept header names a media type we do not produce"
    )]
    NotAcceptable(&'static str),
}

fn body(error: &impl Catalogued) -> Value {
    serde_json::from_str(&error.api_error().to_json()).unwrap()
}

#[test]
fn each_variant_answers_with_its_code_scenario_status_and_body() {
    let cases: Vec<(AccountsError, ErrorCode, StatusCode, &str, &str)> = vec![
        (
            AccountsError::TokenExpired,
            ErrorCode::InvalidAccessToken,
            StatusCode::UNAUTHORIZED,
            "The access token is older than 90 days",
            "Invalid access token",
        ),
        (
            AccountsError::MissingRequestId,
            ErrorCode::MissingHeaderInput,
            StatusCode::BAD_REQUEST,
            "No Request-ID header",
            "Missing required header input 'Request-ID'",
        ),
        (
            AccountsError::BadQuery {
                field: "dateFrom".into(),
            },
            ErrorCode::InvalidParameterInput,
            StatusCode::BAD_REQUEST,
            "A query parameter failed to parse",
            "Invalid request body/path/query input.",
        ),
        (
            AccountsError::Database(LedgerError {
                path: "/var/db/ledger",
            }),
            ErrorCode::InternalErrorWithReason,
            StatusCode::INTERNAL_SERVER_ERROR,
            "The ledger database is unreachable",
            // `reason` is private: the response carries its published form.
            "Internal error occurred with reason : ",
        ),
        (
            AccountsError::Version {
                supported: vec!["1.0", "2.0"],
            },
            ErrorCode::VersionNotFound,
            StatusCode::NOT_FOUND,
            "The Accept header asks for a version we do not serve",
            "Specific version not found. Supported versions are '1.0, 2.0'",
        ),
        (
            AccountsError::MissingParameter {
                field: "logical-id",
            },
            ErrorCode::MissingParameterInput,
            StatusCode::BAD_REQUEST,
            "A path parameter is missing",
            "Missing required body/path/query input 'logical-id'",
        ),
        (
            AccountsError::NotAcceptable("application/json"),
            ErrorCode::NotAcceptable,
            StatusCode::NOT_ACCEPTABLE,
            "The Accept header names a media type we do not produce",
            "Server can not return the response In the format mentioned in the request. Supported type is: 'application/json'",
        ),
    ];
    for (error, code, status, scenario, description) in cases {
        assert_eq!(error.error_code(), code, "{error:?}");
        assert_eq!(error.status(), status, "{error:?}");
        assert_eq!(error.scenario(), scenario);
        assert_eq!(
            body(&error),
            json!({
                "error": code.kind().wire_token(),
                "error_code": code.code(),
                "error_description": description,
            })
        );
        let api_error: ApiError = error.into();
        assert_eq!(api_error.code(), code);
    }
}

#[test]
fn a_source_error_is_the_detail_for_the_logs_only() {
    let error = AccountsError::Database(LedgerError {
        path: "/var/db/ledger",
    })
    .api_error();
    assert_eq!(error.detail(), Some("ledger unreachable at /var/db/ledger"));
    assert!(!error.to_json().contains("/var/db"));
    // The private reason goes to the logs, not to the client.
    assert!(!error.to_json().contains("see the logs"));
    assert_eq!(
        error.to_string(),
        "Internal error occurred with reason : see the logs"
    );
}

/// With errcat's `axum` feature, a derived type is an axum response.
#[cfg(feature = "axum")]
#[test]
fn a_derived_type_is_an_axum_response() {
    use axum::response::IntoResponse;

    let response = AccountsError::Version {
        supported: vec!["1"],
    }
    .into_response();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["content-type"], "application/json");
    let error = response.extensions().get::<ApiError>().unwrap();
    assert_eq!(error.code(), ErrorCode::VersionNotFound);

    // Generic types too, with their bounds.
    let response = Downstream {
        operation: "balances",
        cause: LedgerError { path: "/x" },
    }
    .into_response();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let response = Wrapper::Missing("dateFrom").into_response();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn the_type_lists_its_own_table() {
    assert_eq!(AccountsError::ENTRIES.len(), 7);
    assert_eq!(
        AccountsError::ENTRIES[0],
        CatalogueEntry {
            variant: "TokenExpired",
            code: ErrorCode::InvalidAccessToken,
            scenario: "The access token is older than 90 days",
        }
    );
    let markdown = table::markdown_entries(AccountsError::ENTRIES);
    assert_eq!(markdown.lines().count(), 2 + 7);
    assert!(markdown.contains(
        "| `Database` | `GEN-1206-100008` | 500 | `OTHER_API_ERRORS` | The ledger database is unreachable | Internal error occurred with reason : |"
    ));
    let json: Value = serde_json::from_str(&table::json_entries(AccountsError::ENTRIES)).unwrap();
    assert_eq!(json[1]["variant"], "MissingRequestId");
    assert_eq!(json[1]["scenario"], "No Request-ID header");
    assert_eq!(json[1]["catalogue"]["code"], "GEN-1201-100001");

    let unused = AccountsError::unused_codes();
    assert_eq!(unused.len(), ErrorCode::COUNT - 7);
    assert!(unused.contains(&ErrorCode::ScaRequired));
    assert!(!unused.contains(&ErrorCode::InvalidAccessToken));
}

/// A struct, generic over what it wraps.
#[derive(Debug, Catalogued)]
#[catalogue(code = "GEN-1206-100008", reason = format!("{} failed", self_check(operation)), scenario = "A downstream call failed")]
struct Downstream<E: std::error::Error> {
    operation: &'static str,
    #[source]
    cause: E,
}

fn self_check(operation: &str) -> String {
    operation.to_uppercase()
}

#[derive(Debug, Catalogued)]
#[catalogue(
    code = "GEN-1205-100002",
    scenario = "The TPP made a fifth unattended call today"
)]
struct QuotaExceeded;

#[derive(Debug, Catalogued)]
enum Wrapper<T: fmt::Display> {
    #[catalogue(code = "GEN-1201-100002", input = _0, scenario = "A generic value is missing")]
    Missing(T),
}

#[test]
fn structs_and_generic_types_derive_too() {
    let error = Downstream {
        operation: "balances",
        cause: LedgerError { path: "/x" },
    };
    assert_eq!(error.error_code(), ErrorCode::InternalErrorWithReason);
    assert_eq!(
        error.api_error().to_string(),
        "Internal error occurred with reason : BALANCES failed"
    );
    assert_eq!(error.api_error().detail(), Some("ledger unreachable at /x"));
    assert_eq!(Downstream::<LedgerError>::ENTRIES[0].variant, "Downstream");

    assert_eq!(QuotaExceeded.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        body(&QuotaExceeded),
        json!({"error": "api_usage_limit_reached", "error_code": "GEN-1205-100002", "error_description": "Quota limit exceeded"})
    );

    let wrapped = Wrapper::Missing(42);
    assert_eq!(
        wrapped.api_error().to_string(),
        "Missing required body/path/query input '42'"
    );
    assert_eq!(
        Wrapper::<u8>::ENTRIES[0].code,
        ErrorCode::MissingParameterInput
    );
}

#[test]
fn a_type_attaches_to_another_catalogue_by_its_module() {
    use payments::errors as pay;

    #[derive(Debug, Catalogued)]
    #[catalogue(module = payments::errors)]
    enum TransferError {
        #[catalogue(code = "PIS-1322-000001", scenario = "The debtor account is empty")]
        NoFunds,
        #[catalogue(code = pay::ErrorCode::UnsupportedCurrency, currency = _0, scenario = "Not in euro")]
        NotEuro(String),
        // A row both catalogues have is this catalogue's row here.
        #[catalogue(
            code = "GEN-1201-100001",
            input = "Request-ID",
            scenario = "No Request-ID"
        )]
        NoRequestId,
    }

    #[derive(Debug, Catalogued)]
    #[catalogue(module = payments::errors, code = "PIS-1306-000001", scenario = "Unknown payment")]
    struct UnknownPayment;

    let error: pay::ApiError = TransferError::NotEuro("USD".into()).into();
    assert_eq!(error.code(), pay::ErrorCode::UnsupportedCurrency);
    assert_eq!(error.value("currency"), Some("USD"));
    assert_eq!(
        TransferError::NoFunds.status(),
        http::StatusCode::UNPROCESSABLE_ENTITY
    );
    let shared = TransferError::NoRequestId.api_error();
    assert_eq!(shared.code(), pay::ErrorCode::MissingHeaderInput);
    assert_eq!(
        shared.to_problem_json().split(',').next(),
        Some(r#"{"type":"https://developer.example.com/payments/problems/GEN-1201-100001""#)
    );
    assert_eq!(
        TransferError::unused_codes().len(),
        pay::ErrorCode::COUNT - 3
    );
    assert_eq!(UnknownPayment.error_code(), pay::ErrorCode::PaymentNotFound);
    assert_eq!(
        errcat::table::markdown_entries(TransferError::ENTRIES)
            .lines()
            .nth(2),
        Some(
            "| `NoFunds` | `PIS-1322-000001` | 422 | `INSUFFICIENT_FUNDS` | The debtor account is empty | Insufficient funds on the debtor account |"
        )
    );
}

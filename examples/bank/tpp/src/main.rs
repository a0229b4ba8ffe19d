//! `tpp BASE_URL`: a third-party provider's client of the gateway. It asks
//! the sandbox of each API for every row of that API's catalogue, in every
//! wire format the API answers in (each media type of each format its
//! catalogue speaks, and the bank's house body), decodes each response into that API's own types, and
//! checks it is the error asked for; then it makes the real calls that fail.
//! Prints one line per API and exits 1 at the first mismatch.

use std::process::ExitCode;

use errcat::client::{Decoded, Decoder, ErrorResponse};
use errcat::format::{self, WireFormat};
use errcat::{ApiError, CatalogueCode};
use http::StatusCode;
use payments::errors as pay;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// Values that exercise the wire encoding: plain text, JSON's and logs'
/// special characters, a percent sign, and non-ASCII text.
const VALUES: [&str; 4] = [
    "plain",
    "quote \" backslash \\ line\r\nbreak",
    "100% %41",
    "naïve – 日本",
];

/// A value for each placeholder of `code`, unique to the code.
fn values_for<C: CatalogueCode>(code: C, seed: usize) -> Vec<(&'static str, String)> {
    code.placeholders()
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let value = VALUES[(seed + index) % VALUES.len()];
            (*name, format!("{value} {}", code.code()))
        })
        .collect()
}

/// Every row of `C`'s catalogue through `base/api/sandbox/errors/{code}`.
async fn round_trip<C: CatalogueCode>(
    http: &reqwest::Client,
    base: &str,
    api: &str,
) -> Result<usize, String> {
    let decoder: Decoder<C> = Decoder::for_catalogue().with_format(house::Fault);
    // Every media type the API answers under: each format its catalogue
    // speaks, and the bank's house body.
    let formats: Vec<&dyn WireFormat> = format::formats_of(C::CATALOGUE)
        .chain([&house::Fault as &dyn WireFormat])
        .collect();
    let accepts: Vec<(&'static str, &'static str)> = format::offers(&formats, C::CATALOGUE)
        .into_iter()
        .map(|(format, media_type)| (format.name(), media_type))
        .collect();
    let mut checked = 0;
    for (index, &code) in C::all().iter().enumerate() {
        let values = values_for(code, index);
        let expected = ApiError::with_values(code, values.clone())
            .map_err(|error| error.to_string())?
            .mark_public();
        let query: Vec<String> = values
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect();
        for &(name, accept) in &accepts {
            let response = http
                .get(format!(
                    "{base}/{api}/sandbox/errors/{code}?{}",
                    query.join("&")
                ))
                .header("accept", accept)
                .send()
                .await
                .map_err(|error| format!("{api} {code}: {error}"))?;
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|value| value.to_str().ok())
                .unwrap_or("")
                .to_owned();
            if !content_type.starts_with(accept) {
                return Err(format!("{api} {code}: {content_type} for {accept}"));
            }
            let decoded: ErrorResponse<C> = decoder
                .decode_response(response)
                .await
                .map_err(|error| format!("{api} {code}: {error}"))?;
            if decoded.format() != name {
                return Err(format!(
                    "{api} {code}: read as {} for {accept}",
                    decoded.format()
                ));
            }
            if decoded.status() != code.status() || decoded.status_mismatch().is_some() {
                return Err(format!("{api} {code}: status {}", decoded.status()));
            }
            match decoded.decoded() {
                Decoded::Known(error) if *error == expected => {}
                other => return Err(format!("{api} {code} ({accept}): decoded {other:?}")),
            }
        }
        checked += 1;
    }
    Ok(checked)
}

/// The gateway's own errors, caused the way a client would.
async fn real_calls(http: &reqwest::Client, base: &str) -> Result<(), String> {
    let accounts: Decoder = Decoder::new();
    let payments: Decoder<pay::ErrorCode> = Decoder::for_catalogue();
    let fail = |what: &str, error: &dyn std::fmt::Display| format!("{what}: {error}");

    let response = http
        .get(format!("{base}/accounts/BE-9999"))
        .header("request-id", "0f8fad5b-d9cb-469f-a165-70867728950e")
        .send()
        .await
        .map_err(|error| fail("GET /accounts/BE-9999", &error))?;
    let decoded = accounts
        .decode_response(response)
        .await
        .map_err(|error| fail("GET /accounts/BE-9999", &error))?;
    if decoded.code() != Some(errcat::ErrorCode::LogicalIdNotFound) {
        return Err(format!("GET /accounts/BE-9999: {decoded}"));
    }

    let response = http
        .post(format!("{base}/payments"))
        .header("request-id", "0f8fad5b-d9cb-469f-a165-70867728950e")
        .header("content-type", "application/json")
        .header("accept", "application/problem+json")
        .body(r#"{"amount":1200,"currency":"USD"}"#)
        .send()
        .await
        .map_err(|error| fail("POST /payments", &error))?;
    let decoded = payments
        .decode_response(response)
        .await
        .map_err(|error| fail("POST /payments", &error))?;
    let error = decoded
        .api_error()
        .ok_or_else(|| format!("POST /payments: {decoded}"))?;
    if error.code() != pay::ErrorCode::UnsupportedCurrency || error.value("currency") != Some("USD")
    {
        return Err(format!("POST /payments: {decoded}"));
    }

    let response = http
        .get(format!("{base}/payments/P-0001"))
        .send()
        .await
        .map_err(|error| fail("GET /payments/P-0001", &error))?;
    if response.status() != StatusCode::BAD_REQUEST {
        return Err(format!(
            "GET /payments/P-0001 without Request-ID: {}",
            response.status()
        ));
    }
    let decoded = payments
        .decode_response(response)
        .await
        .map_err(|error| fail("GET /payments/P-0001", &error))?;
    if decoded.code() != Some(pay::ErrorCode::MissingHeaderInput) {
        return Err(format!("GET /payments/P-0001: {decoded}"));
    }
    Ok(())
}

/// Requests the gateway cannot serve: each answer must still be a catalogue
/// error of the API whose path it is, decoded into that API's type.
async fn malformed_calls(http: &reqwest::Client, base: &str) -> Result<(), String> {
    let cases: [(&str, &str, &str, Option<&str>, &str); 9] = [
        ("accounts", "GET", "/accounts/%FF", None, "GEN-1202-100002"),
        (
            "accounts",
            "DELETE",
            "/accounts/BE-0001",
            None,
            "GEN-1206-100003",
        ),
        (
            "accounts",
            "GET",
            "/accounts/sandbox/errors/GEN-1201-100001",
            None,
            "GEN-1201-100002",
        ),
        ("accounts", "GET", "/nowhere", None, "GEN-1206-100001"),
        ("payments", "GET", "/payments", None, "GEN-1206-100003"),
        (
            "payments",
            "POST",
            "/payments",
            Some("{\"amount\":1}"),
            "GEN-1201-100002",
        ),
        (
            "payments",
            "POST",
            "/payments",
            Some("{\"amount\":"),
            "GEN-1202-100002",
        ),
        (
            "payments",
            "POST",
            "/payments",
            Some("{\"amount\":\"x\",\"currency\":\"EUR\"}"),
            "GEN-1202-100002",
        ),
        (
            "payments",
            "GET",
            "/payments/sandbox/errors/NOPE",
            None,
            "GEN-1206-100001",
        ),
    ];
    for (api, method, path, body, expected) in cases {
        let what = format!("{method} {path}");
        let mut request = http.request(
            method.parse().map_err(|_| what.clone())?,
            format!("{base}{path}"),
        );
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .header("request-id", "0f8fad5b-d9cb-469f-a165-70867728950e")
                .body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|error| format!("{what}: {error}"))?;
        let code = if api == "accounts" {
            let decoded = Decoder::new().decode_response(response).await;
            decoded
                .map_err(|error| format!("{what}: {error}"))?
                .code()
                .map(|code| code.code())
        } else {
            let decoded = Decoder::<pay::ErrorCode>::for_catalogue()
                .decode_response(response)
                .await;
            decoded
                .map_err(|error| format!("{what}: {error}"))?
                .code()
                .map(|code| code.code())
        };
        if code != Some(expected) {
            return Err(format!("{what}: {code:?}, expected {expected}"));
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(base) = std::env::args().nth(1) else {
        eprintln!("usage: tpp BASE_URL (such as http://127.0.0.1:8080)");
        return ExitCode::from(2);
    };
    let base = base.trim_end_matches('/');
    let http = reqwest::Client::new();
    let result = async {
        let accounts = round_trip::<errcat::ErrorCode>(&http, base, "accounts").await?;
        println!("accounts: {accounts} rows round-tripped in every format");
        let payments = round_trip::<pay::ErrorCode>(&http, base, "payments").await?;
        println!("payments: {payments} rows round-tripped in every format");
        real_calls(&http, base).await?;
        println!("gateway errors: decoded as each API's");
        malformed_calls(&http, base).await?;
        println!("malformed requests: every answer a catalogue error");
        Ok::<(), String>(())
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tpp: {message}");
            ExitCode::FAILURE
        }
    }
}

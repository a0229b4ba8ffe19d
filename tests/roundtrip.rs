//! Every row of a catalogue, through every path a row takes: parsing its
//! code and token, its status, the body of every wire format its catalogue
//! speaks decoded back, and a real HTTP round trip in each of those formats,
//! each asked for by its media type.
//!
//! Nothing here names a row or a catalogue: every test is generic over the
//! catalogue's code type, and runs on errcat's own catalogue, on one a crate
//! of its own generated (`examples/bank/payments`), and on the scale
//! fixture's (`examples/scale`), which `scripts/scale-check.sh` builds with
//! catalogues of 1,000 and 10,000 rows.

use std::collections::HashSet;

use axum::Router;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use errcat::client::{Decoded, Decoder};
use errcat::format::{self, WireFormat};
use errcat::server::ErrorFormatLayer;
use errcat::{ApiError, CatalogueCode, CatalogueKind};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// Values that exercise the wire encoding: plain text, JSON's and logs'
/// special characters, a percent sign, and non-ASCII text.
const VALUES: [&str; 4] = [
    "plain",
    "quote \" backslash \\ line\r\nbreak",
    "100% %41",
    "naïve – 日本",
];

/// A value for each placeholder of `code`, chosen by `seed` among `VALUES`
/// and made unique to the code.
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

/// The error a server answers `code` with, values public so that they reach
/// the client as they are.
fn error_for<C: CatalogueCode>(code: C, seed: usize) -> ApiError<C> {
    ApiError::with_values(code, values_for(code, seed))
        .unwrap_or_else(|error| panic!("{}: {error}", code.code()))
        .mark_public()
}

/// The formats `C`'s catalogue speaks, and every media type each answers
/// under, with its format.
/// A media type a format answers under, with the format.
type Offer = (&'static dyn WireFormat, &'static str);

fn formats_and_offers<C: CatalogueCode>() -> (Vec<&'static dyn WireFormat>, Vec<Offer>) {
    let formats: Vec<&'static dyn WireFormat> = format::formats_of(C::CATALOGUE).collect();
    let offers = format::offers(&formats, C::CATALOGUE);
    assert!(!formats.is_empty());
    (formats, offers)
}

/// The tests of this file, once for each catalogue `C`.
macro_rules! for_each_catalogue {
    ($($test:ident),* $(,)?) => {
        mod accounts {
            $(#[test] fn $test() { super::$test::<errcat::ErrorCode>(); })*
        }
        mod payments {
            $(#[test] fn $test() { super::$test::<payments::errors::ErrorCode>(); })*
        }
        mod scale {
            $(#[test] fn $test() { super::$test::<scale::one::ErrorCode>(); })*
        }
    };
}

for_each_catalogue!(
    every_code_and_token_parses_back_to_itself,
    every_row_decodes_back_from_every_format,
    every_row_round_trips_over_http,
);

fn every_code_and_token_parses_back_to_itself<C: CatalogueCode>() {
    let mut seen = HashSet::new();
    for &code in C::all() {
        assert!(seen.insert(code.code()), "{} twice", code.code());
        assert_eq!(C::parse_code(code.code()), Ok(code));
        assert_eq!(C::from_code(code.code()), Some(code));
        assert_eq!(C::parse_code(&format!(" {}\n", code.code())), Ok(code));
        assert_eq!(code.to_string(), code.code());
        assert!(code.status().as_u16() >= 100, "{}", code.code());
        let kind = code.kind();
        assert!(kind.codes().contains(&code), "{}", code.code());
        assert_eq!(C::Kind::from_token(kind.token()), Some(kind));
        assert_eq!(C::Kind::from_token(kind.wire_token()), Some(kind));
        assert_eq!(kind.wire_token(), kind.token().to_ascii_lowercase());
    }
    for &kind in C::Kind::all() {
        assert_eq!(C::Kind::parse_token(kind.token()), Ok(kind));
        assert!(!kind.codes().is_empty());
    }
    let listed: usize = C::Kind::all().iter().map(|kind| kind.codes().len()).sum();
    assert_eq!(listed, C::all().len(), "every code under exactly one kind");
}

fn every_row_decodes_back_from_every_format<C: CatalogueCode>() {
    let decoder: Decoder<C> = Decoder::for_catalogue();
    let (formats, offers) = formats_and_offers::<C>();
    for (index, &code) in C::all().iter().enumerate() {
        let error = error_for(code, index);
        for &(wire, media_type) in &offers {
            let mut body = Vec::new();
            let content_type = error.write_body(wire, &mut body);
            let body = String::from_utf8(body).unwrap();
            let _: serde_json::Value = serde_json::from_str(&body)
                .unwrap_or_else(|failure| panic!("{}: {failure}: {body}", code.code()));
            let mut headers = HeaderMap::new();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
            let response = decoder
                .decode(code.status(), &headers, body.as_bytes())
                .unwrap_or_else(|failure| panic!("{}: {failure}: {body}", code.code()));
            assert_eq!(response.format(), wire.name(), "{media_type}: {body}");
            assert_eq!(response.status_mismatch(), None);
            match response.decoded() {
                Decoded::Known(decoded) => assert_eq!(decoded, &error, "{body}"),
                Decoded::Unknown(raw) => panic!("{} decoded as unknown: {raw:?}", code.code()),
            }
            // The body's Content-Type is the format's first media type.
            assert_eq!(content_type, wire.media_types(C::CATALOGUE).first());
        }
        // The OAuth-style and problem bodies carry the code and the token.
        for body in [error.to_json(), error.to_problem_json()] {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(json["error_code"], code.code());
            assert_eq!(json["error"], code.kind().wire_token());
        }
        // The log line stays one line whatever the values hold.
        assert!(!error.to_string().contains(['\r', '\n']), "{error}");
    }
    // Without a Content-Type, every format is still read.
    let error = error_for(C::all()[0], 0);
    for &wire in &formats {
        let body = wire.to_body(&error);
        let response = decoder
            .decode(error.status(), &HeaderMap::new(), body.as_bytes())
            .unwrap();
        assert_eq!(
            response.api_error(),
            Some(&error),
            "{}: {body}",
            wire.name()
        );
    }
}

/// Answers `/errors/{code}?name=value...` with that row's error, values
/// public: a sandbox for client developers, generic over the catalogue. A
/// code or values the catalogue does not have get a 418, which no test
/// expects.
fn sandbox<C: CatalogueCode>() -> Router {
    async fn answer<C: CatalogueCode>(
        Path(code): Path<String>,
        Query(values): Query<Vec<(String, String)>>,
    ) -> Response {
        let Ok(code) = C::parse_code(&code) else {
            return (StatusCode::IM_A_TEAPOT, "no such code").into_response();
        };
        match ApiError::with_values(code, values) {
            Ok(error) => error.mark_public().into_response(),
            Err(error) => (StatusCode::IM_A_TEAPOT, error.to_string()).into_response(),
        }
    }
    Router::new()
        .route("/errors/{code}", get(answer::<C>))
        .layer(ErrorFormatLayer::new())
}

fn every_row_round_trips_over_http<C: CatalogueCode>() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(round_trip::<C>());
}

async fn round_trip<C: CatalogueCode>() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, sandbox::<C>()).await });
    let http = reqwest::Client::new();
    let decoder: Decoder<C> = Decoder::for_catalogue();
    let (formats, offers) = formats_and_offers::<C>();
    for (index, &code) in C::all().iter().enumerate() {
        let expected = error_for(code, index);
        // Every format, by its first media type, and one of the other
        // media types in turn.
        let mut accepts: Vec<(&dyn WireFormat, &str)> = formats
            .iter()
            .map(|&wire| (wire, wire.media_types(C::CATALOGUE).first()))
            .filter(|choice| {
                offers
                    .iter()
                    .any(|offer| offer.1 == choice.1 && offer.0.name() == choice.0.name())
            })
            .collect();
        let others: Vec<_> = offers
            .iter()
            .filter(|offer| !accepts.iter().any(|accept| accept.1 == offer.1))
            .collect();
        if !others.is_empty() {
            accepts.push(*others[index % others.len()]);
        }
        let query: Vec<String> = values_for(code, index)
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
            .collect();
        for (wire, accept) in accepts {
            let response = http
                .get(format!(
                    "http://{addr}/errors/{}?{}",
                    code.code(),
                    query.join("&")
                ))
                .header(ACCEPT, accept)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), code.status(), "{}", code.code());
            let content_type = response.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(
                content_type.starts_with(accept),
                "{content_type} for {accept}"
            );
            let decoded = decoder
                .decode_response(response)
                .await
                .unwrap_or_else(|failure| panic!("{}: {failure}", code.code()));
            assert_eq!(decoded.format(), wire.name(), "{accept}");
            assert_eq!(decoded.status(), code.status());
            assert_eq!(decoded.api_error(), Some(&expected), "{}", code.code());
        }
    }
    server.abort();
}

//! The house format end to end, from outside errcat and only through its
//! public trait: a server answers in it to the clients that ask for it, a
//! client decodes it into the Payment API's own types, and the utoipa
//! document, the docs page and the OpenAPI fragment show it.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::routing::get;
use errcat::client::Decoder;
use errcat::format::{self, Example, WireFormat};
use errcat::server::ErrorFormatLayer;
use errcat::table::Entry;
use errcat::{ApiError, CatalogueCode};
use house::{Fault, MEDIA_TYPE};
use http::{HeaderMap, HeaderValue, Request, header};
use payments::errors as pay;
use tower::ServiceExt;

/// Every row of the Payment API with a value in each placeholder.
fn errors() -> Vec<ApiError<pay::ErrorCode>> {
    pay::ErrorCode::all()
        .iter()
        .map(|&code| {
            let values = code
                .placeholders()
                .iter()
                .map(|name| (*name, format!("{name} \"x\" 100% é")));
            ApiError::with_values(code, values).unwrap().mark_public()
        })
        .collect()
}

/// The formats the Payment API's server answers in: its catalogue's, then
/// the house body.
fn formats() -> Vec<&'static dyn WireFormat> {
    format::formats_of(pay::ErrorCode::CATALOGUE)
        .chain([&Fault as &dyn WireFormat])
        .collect()
}

#[tokio::test]
async fn the_server_answers_in_it_when_asked_and_in_the_catalogues_first_format_otherwise() {
    let app = Router::new()
        .route(
            "/payments/{id}",
            get(|| async {
                ApiError::<pay::ErrorCode>::new(pay::ErrorCode::PaymentNotFound).unwrap()
            }),
        )
        .layer(ErrorFormatLayer::new().with_format(Fault));
    let ask = |accept: Option<&'static str>| {
        let mut request = Request::get("/payments/7");
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT, accept);
        }
        request.body(Body::empty()).unwrap()
    };
    let response = app.clone().oneshot(ask(Some(MEDIA_TYPE))).await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()[header::CONTENT_TYPE], MEDIA_TYPE);
    let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["fault"]["id"], "PIS-1306-000001");
    assert_eq!(json["fault"]["status"], 404);

    // A client that does not choose gets the catalogue's first format, the
    // Berlin Group's; one that prefers the house body over it gets it.
    let response = app.clone().oneshot(ask(None)).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body = to_bytes(response.into_body(), 1 << 16).await.unwrap();
    assert!(body.starts_with(br#"{"tppMessages":"#));
    let response = app
        .oneshot(ask(Some(
            "application/json;q=0.5, application/vnd.example.fault+json",
        )))
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], MEDIA_TYPE);
}

#[test]
fn a_client_decodes_every_row_from_it() {
    let decoder = Decoder::<pay::ErrorCode>::for_catalogue().with_format(Fault);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE));
    for error in errors() {
        let body = Fault.to_body(&error);
        let response = decoder
            .decode(error.status(), &headers, body.as_bytes())
            .unwrap();
        assert_eq!(response.format(), "fault");
        assert_eq!(response.api_error(), Some(&error), "{body}");
    }
}

#[test]
fn the_utoipa_document_the_docs_page_and_the_openapi_fragment_show_it() {
    let formats = formats();
    let rows = pay::ErrorCode::all()
        .iter()
        .map(|&code| (code, code.scenario()));
    let responses = errcat::openapi::responses_in(rows, &formats);
    let not_found = serde_json::to_value(&responses["404"]).unwrap();
    let example = &not_found["content"][MEDIA_TYPE]["examples"]["PIS-1306-000001"]["value"];
    assert_eq!(example["fault"]["id"], "PIS-1306-000001");
    assert!(not_found["content"]["application/json"]["examples"]["PIS-1306-000001"]["value"]["tppMessages"].is_array());

    let entries = Entry::all(pay::ErrorCode::all());
    let page = errcat::publish::html_rows_in(pay::ErrorCode::CATALOGUE, &entries, &formats);
    assert!(page.contains(MEDIA_TYPE));
    assert!(page.contains("&quot;fault&quot;"));

    let document = errcat::publish::openapi_rows_in(pay::ErrorCode::CATALOGUE, &entries, &formats);
    assert_eq!(
        document["components"]["schemas"]["Fault"]["required"],
        serde_json::json!(["fault"])
    );
    let entry = entries
        .iter()
        .find(|entry| entry.code == "PIS-1306-000001")
        .unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&Fault.to_body(&Example::new(pay::ErrorCode::CATALOGUE, entry)))
            .unwrap();
    assert_eq!(
        document["components"]["responses"]["Error404"]["content"][MEDIA_TYPE]["examples"]["PIS-1306-000001"]
            ["value"],
        expected
    );
}

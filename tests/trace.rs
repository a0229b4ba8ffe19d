//! The fields of the event an error response logs, captured by a subscriber
//! of our own: OpenTelemetry's stable names where a convention has one
//! (`error.type`, from the general attributes; `http.response.status_code`,
//! from the HTTP conventions), errcat's own under `errcat.`, and nothing
//! else, for any catalogue.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One event: its level, target and fields, values as text.
type Captured = (Level, String, BTreeMap<String, String>);

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0
            .insert(field.name().to_owned(), format!("u64:{value}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(BTreeMap::new());
        event.record(&mut fields);
        let metadata = event.metadata();
        self.0
            .lock()
            .unwrap()
            .push((*metadata.level(), metadata.target().to_owned(), fields.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn capture(log: impl FnOnce()) -> Vec<Captured> {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), log);
    capture.0.lock().unwrap().clone()
}

fn names(fields: &BTreeMap<String, String>) -> Vec<&str> {
    fields.keys().map(String::as_str).collect()
}

#[test]
fn an_error_logs_opentelemetry_names_and_errcats_own_under_one_prefix() {
    let events = capture(|| {
        errcat::ApiError::invalid_access_token().log();
        errcat::ApiError::internal_error_with_reason("ledger down")
            .with_detail("pool exhausted")
            .log();
    });
    assert_eq!(events.len(), 2);
    let (level, target, fields) = &events[0];
    assert_eq!((*level, target.as_str()), (Level::INFO, "errcat"));
    assert_eq!(
        names(fields),
        [
            "errcat.catalogue",
            "errcat.kind",
            "error.type",
            "http.response.status_code",
            "message"
        ]
    );
    assert_eq!(fields["error.type"], "GEN-1203-100003");
    // An integer, as the convention's type says, not text.
    assert_eq!(fields["http.response.status_code"], "u64:401");
    assert_eq!(fields["errcat.catalogue"], "psd2-account-api");
    assert_eq!(fields["errcat.kind"], "failed_security_validation");

    let (level, _, fields) = &events[1];
    assert_eq!(*level, Level::ERROR);
    assert_eq!(fields["error.type"], "GEN-1206-100008");
    assert_eq!(fields["http.response.status_code"], "u64:500");
    assert_eq!(fields["errcat.detail"], "pool exhausted");
    // Every field errcat adds is OpenTelemetry's or under `errcat.`.
    for name in names(fields) {
        assert!(
            ["error.type", "http.response.status_code", "message"].contains(&name)
                || name.starts_with("errcat."),
            "{name}"
        );
    }
}

#[test]
fn another_catalogues_error_logs_its_own_id() {
    let events = capture(|| payments::errors::ErrorCode::insufficient_funds().log());
    let (_, _, fields) = &events[0];
    assert_eq!(fields["errcat.catalogue"], "psd2-payment-api");
    assert_eq!(fields["http.response.status_code"], "u64:422");
    assert_eq!(
        fields["error.type"],
        payments::errors::ErrorCode::InsufficientFunds.code()
    );
}

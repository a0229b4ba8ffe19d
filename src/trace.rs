//! Logging error responses through `tracing`.

use crate::ApiError;
use crate::wire::LogSafe;

impl ApiError {
    /// Logs this error as a response is made from it: an event with target
    /// `errcat`, at `ERROR` for a 5xx status and `INFO` otherwise, with the
    /// structured fields `error.code`, `error.kind` (the wire token),
    /// `http.status`, `error.detail` when there is one, and the description
    /// with every value, private ones included, as the message. Values and
    /// detail are escaped so that the event stays on one line (CWE-117).
    /// The axum `IntoResponse` calls it.
    ///
    /// ```
    /// errcat::ApiError::internal_error_with_reason("disk full at /var/lib/ledger")
    ///     .with_detail("io error: ENOSPC")
    ///     .log();
    /// ```
    pub fn log(&self) {
        let code = self.code().code();
        let kind = self.kind().wire();
        let status = self.status().as_u16();
        // `Option` records only when there is a detail.
        let detail = self
            .detail()
            .map(|detail| tracing::field::display(LogSafe(detail)));
        macro_rules! event {
            ($level:expr) => {
                tracing::event!(
                    target: "errcat",
                    $level,
                    error.code = code,
                    error.kind = kind,
                    http.status = status,
                    error.detail = detail,
                    "{self}"
                )
            };
        }
        if self.status().is_server_error() {
            event!(tracing::Level::ERROR);
        } else {
            event!(tracing::Level::INFO);
        }
    }
}

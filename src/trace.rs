//! Logging error responses through `tracing`, with OpenTelemetry's field
//! names where a stable convention has one.
//!
//! | field | what | convention |
//! |---|---|---|
//! | `error.type` | the code, `GEN-1203-100003` | OpenTelemetry, stable (`error.type`) |
//! | `http.response.status_code` | the status, `401` | OpenTelemetry, stable (HTTP) |
//! | `errcat.catalogue` | the catalogue's id | errcat's own |
//! | `errcat.kind` | the token on the wire, `failed_security_validation` | errcat's own |
//! | `errcat.detail` | the detail for the logs, when there is one | errcat's own |

use crate::wire::LogSafe;
use crate::{ApiError, CatalogueCode, CatalogueKind};

/// See [`ApiError::log`].
pub(crate) fn log<C: CatalogueCode>(error: &ApiError<C>) {
    let code = error.code().code();
    let catalogue = C::CATALOGUE.id();
    let kind = error.kind().wire_token();
    let status = error.status().as_u16();
    // `Option` records only when there is a detail.
    let detail = error
        .detail()
        .map(|detail| tracing::field::display(LogSafe(detail)));
    macro_rules! event {
        ($level:expr) => {
            tracing::event!(
                target: "errcat",
                $level,
                "error.type" = code,
                "http.response.status_code" = status,
                "errcat.catalogue" = catalogue,
                "errcat.kind" = kind,
                "errcat.detail" = detail,
                "{error}"
            )
        };
    }
    if error.status().is_server_error() {
        event!(tracing::Level::ERROR);
    } else {
        event!(tracing::Level::INFO);
    }
}

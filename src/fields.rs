//! The header fields HTTP asks of an error's status: `WWW-Authenticate` on a
//! 401, `Allow` on a 405, `Retry-After` where the server knows when to come
//! back.

use std::borrow::Cow;

use http::header::{ALLOW, HeaderMap, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, Method, StatusCode};

use crate::{ApiError, CatalogueCode, RetryAfter};

/// What only the code that makes an error knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Fields {
    allow: Option<HeaderValue>,
    retry_after: Option<RetryAfter>,
    challenge: Option<HeaderValue>,
}

impl Fields {
    pub(crate) fn challenge(&self) -> Option<&HeaderValue> {
        self.challenge.as_ref()
    }
}

impl<C: CatalogueCode> ApiError<C> {
    /// An error of `code` about the header, parameter or value `name`: the
    /// row's placeholder is filled with it (the first, should the row have
    /// several; the others stay empty). A row without a placeholder keeps
    /// the name as its [`detail`](Self::detail), for the logs.
    ///
    /// This is how a server answers in a catalogue's [`Roles`](crate::Roles)
    /// without knowing the rows' placeholders:
    ///
    /// ```
    /// use errcat::{ApiError, ErrorCode, Roles};
    ///
    /// let error = ApiError::naming(ErrorCode::MISSING_HEADER, "PSU-IP-Address");
    /// assert_eq!(error.to_string(), "Missing required header input 'PSU-IP-Address'");
    ///
    /// let error = ApiError::naming(ErrorCode::INVALID_INPUT, "dateFrom");
    /// assert_eq!(error.to_string(), "Invalid request body/path/query input.");
    /// assert_eq!(error.detail(), Some("dateFrom"));
    /// ```
    pub fn naming(code: C, name: impl Into<Cow<'static, str>>) -> ApiError<C> {
        let name = name.into();
        let slots = code.placeholders().len();
        if slots == 0 {
            return ApiError::unfilled(code, Vec::new()).with_detail(name);
        }
        let mut values = Vec::with_capacity(slots);
        values.push(name);
        values.resize(slots, Cow::Borrowed(""));
        ApiError::unfilled(code, values)
    }

    /// The methods the resource allows, for the `Allow` header a 405 must
    /// carry (RFC 9110 section 15.5.6). The typed constructor of a 405 row
    /// asks for them; an error made otherwise (from a code known only at
    /// run time, or a derived type) says them with this.
    ///
    /// ```
    /// use errcat::{ApiError, ErrorCode};
    /// use http::Method;
    ///
    /// let error = ApiError::method_not_allowed([Method::GET, Method::HEAD]);
    /// assert_eq!(error.allow().unwrap(), "GET, HEAD");
    ///
    /// let error = ApiError::new(ErrorCode::MethodNotAllowed)?.with_allow([Method::POST]);
    /// assert_eq!(error.allow().unwrap(), "POST");
    /// # Ok::<(), errcat::FillError>(())
    /// ```
    pub fn with_allow(mut self, methods: impl IntoIterator<Item = Method>) -> ApiError<C> {
        let mut allow = String::new();
        for method in methods {
            if !allow.is_empty() {
                allow.push_str(", ");
            }
            allow.push_str(method.as_str());
        }
        // A method is a token, so the list is a valid header value.
        self.fields_mut().allow = HeaderValue::try_from(allow).ok();
        self
    }

    /// The `Allow` value given with [`with_allow`](Self::with_allow).
    pub fn allow(&self) -> Option<&HeaderValue> {
        self.fields.as_ref()?.allow.as_ref()
    }

    /// When the client may try again: sent as `Retry-After` (RFC 9110
    /// section 10.2.3), for a 429 whose quota frees up at a known time
    /// (RFC 6585 section 4) or a 503 during planned down-time.
    ///
    /// ```
    /// use std::time::Duration;
    /// use errcat::RetryAfter;
    ///
    /// let error = errcat::ApiError::quota_exceeded()
    ///     .with_retry_after(RetryAfter::Delay(Duration::from_secs(3600)));
    /// let mut headers = http::HeaderMap::new();
    /// error.write_headers(&mut headers);
    /// assert_eq!(headers["retry-after"], "3600");
    /// ```
    pub fn with_retry_after(mut self, retry_after: RetryAfter) -> ApiError<C> {
        self.fields_mut().retry_after = Some(retry_after);
        self
    }

    /// The `Retry-After` given with [`with_retry_after`](Self::with_retry_after).
    pub fn retry_after(&self) -> Option<RetryAfter> {
        self.fields.as_ref()?.retry_after
    }

    /// The `WWW-Authenticate` challenge this error carries instead of its
    /// catalogue's [`challenge`](crate::Catalogue::challenge): RFC 6750's
    /// `error="invalid_token"`, a scope a 403 lacks, another scheme.
    ///
    /// ```
    /// use http::HeaderValue;
    /// let error = errcat::ApiError::invalid_access_token().with_challenge(HeaderValue::from_static(
    ///     r#"Bearer realm="psd2-account-api", error="invalid_token""#,
    /// ));
    /// let mut headers = http::HeaderMap::new();
    /// error.write_headers(&mut headers);
    /// assert_eq!(headers["www-authenticate"], r#"Bearer realm="psd2-account-api", error="invalid_token""#);
    /// ```
    pub fn with_challenge(mut self, challenge: HeaderValue) -> ApiError<C> {
        self.fields_mut().challenge = Some(challenge);
        self
    }

    /// The challenge a response with this error carries: its own, or for a
    /// 401 its catalogue's.
    ///
    /// ```
    /// let error = errcat::ApiError::invalid_access_token();
    /// assert_eq!(error.challenge().unwrap(), r#"Bearer realm="psd2-account-api""#);
    /// assert_eq!(errcat::ApiError::quota_exceeded().challenge(), None);
    /// ```
    pub fn challenge(&self) -> Option<HeaderValue> {
        if let Some(own) = self
            .fields
            .as_ref()
            .and_then(|fields| fields.challenge.clone())
        {
            return Some(own);
        }
        if self.status() == StatusCode::UNAUTHORIZED {
            // errcat-build checked that the challenge is a valid value.
            return HeaderValue::from_str(C::CATALOGUE.challenge()).ok();
        }
        None
    }

    /// Adds the header fields the error's status calls for to a response's
    /// headers: `WWW-Authenticate` on a 401 (or wherever the error carries
    /// its own challenge), `Allow` and `Retry-After` when the code gave them.
    /// The axum `IntoResponse` calls it; a server on another framework calls
    /// it itself.
    ///
    /// ```
    /// let mut headers = http::HeaderMap::new();
    /// errcat::ApiError::invalid_jwt().write_headers(&mut headers);
    /// assert_eq!(headers["www-authenticate"], r#"Bearer realm="psd2-account-api""#);
    /// ```
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        if let Some(challenge) = self.challenge() {
            headers.insert(WWW_AUTHENTICATE, challenge);
        }
        let Some(fields) = &self.fields else {
            return;
        };
        if let Some(allow) = &fields.allow {
            headers.insert(ALLOW, allow.clone());
        }
        if let Some(retry_after) = &fields.retry_after {
            headers.insert(RETRY_AFTER, retry_after.to_header_value());
        }
    }

    fn fields_mut(&mut self) -> &mut Fields {
        self.fields.get_or_insert_with(Box::default)
    }
}

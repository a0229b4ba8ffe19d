//! Answering requests with catalogue errors, in axum or any tower stack.
//!
//! - [`ApiError`] and every `#[derive(Catalogued)]` type implement axum's
//!   `IntoResponse`: the catalogue's status and the body of the first
//!   format its catalogue speaks, with that format's `Content-Type`. The response also carries the `ApiError` in its
//!   extensions, and the error is logged through `tracing` (see
//!   [`ApiError::log`]).
//! - [`ErrorFormatLayer`] answers in the wire format the request prefers
//!   among those the error's catalogue speaks (and a team's own), by its
//!   `Accept` header (see [`format::negotiate`]).
//! - [`ResponseIdLayer`] answers every request that has a `Request-ID` header
//!   with the same value in `Response-ID`, errors included, when the value is
//!   an identifier (see the layer).
//! - Every error response a catalogue error: `From` axum's extractor
//!   rejections for [`ApiError`] of any catalogue that has
//!   [`Roles`](crate::Roles), the [`not_found`] and [`method_not_allowed`]
//!   fallbacks, and [`CatalogueOnlyLayer`] for the rest.
//!
//! ```
//! use axum::{Router, routing::get};
//! use errcat::ApiError;
//! use errcat::server::{ErrorFormatLayer, ResponseIdLayer};
//!
//! async fn account() -> Result<String, ApiError> {
//!     Err(ApiError::logical_id_not_found())
//! }
//!
//! let app: Router = Router::new()
//!     .route("/accounts/{id}", get(account))
//!     .layer(ErrorFormatLayer::new())
//!     .layer(ResponseIdLayer::new());
//! ```

use std::borrow::Cow;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use axum_core::body::Body;
use axum_core::response::{IntoResponse, Response};
use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderName};
use http::{HeaderValue, Request};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

mod catalogue_only;
mod rejection;

pub use crate::format::problem::DEFAULT_TYPE_BASE;
use crate::format::{self, WireFormat};
use crate::{ApiError, CatalogueCode};
pub use catalogue_only::{
    CatalogueOnlyFuture, CatalogueOnlyLayer, CatalogueOnlyService, method_not_allowed, not_found,
};

/// The request header the API's clients send to identify a request.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// The response header the API answers it with.
pub const RESPONSE_ID: HeaderName = HeaderName::from_static("response-id");

impl<C: CatalogueCode> IntoResponse for ApiError<C> {
    /// The catalogue's status, the body and `Content-Type` of the format
    /// the request asks for when an [`ErrorFormatLayer`] is negotiating for
    /// it (else of the first format the catalogue speaks), and the header
    /// fields the status calls for ([`ApiError::write_headers`]). The body
    /// is written once. The error rides along in the response's extensions,
    /// so that a layer that did not see it made can still answer in another
    /// format. The error is logged with [`ApiError::log`].
    fn into_response(self) -> Response {
        self.log();
        let mut body = Vec::new();
        let negotiating = NEGOTIATING.with(|slot| slot.borrow().clone());
        let content_type = match &negotiating {
            Some(request) => {
                let choice = choose::<C>(request.accept.as_ref(), &request.formats);
                write_chosen(&self, &choice, &request.formats, &mut body)
            }
            None => self.write_body(format::default_of(C::CATALOGUE), &mut body),
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, content_type);
        self.write_headers(headers);
        let extensions = response.extensions_mut();
        if negotiating.is_some() {
            extensions.insert(Negotiated);
        }
        extensions.insert(self);
        extensions.insert(Rerender(rerender::<C>));
        response
    }
}

thread_local! {
    /// The request an [`ErrorFormatLayer`] is answering, while it polls the
    /// service inside it: an error made into a response there is written
    /// once, in the format the request asks for.
    static NEGOTIATING: RefCell<Option<Asked>> = const { RefCell::new(None) };
}

/// What a response needs of its request to be negotiated.
#[derive(Clone)]
struct Asked {
    accept: Option<HeaderValue>,
    formats: Arc<Formats>,
}

/// Sets [`NEGOTIATING`] for a poll and puts back what was there when
/// dropped, panics included: layers nest.
struct Negotiating(Option<Asked>);

impl Negotiating {
    fn set(request: Asked) -> Negotiating {
        Negotiating(NEGOTIATING.with(|slot| slot.replace(Some(request))))
    }
}

impl Drop for Negotiating {
    fn drop(&mut self) {
        let previous = self.0.take();
        NEGOTIATING.with(|slot| *slot.borrow_mut() = previous);
    }
}

/// Marks a response whose body was already written in the negotiated
/// format.
#[derive(Clone, Copy)]
struct Negotiated;

/// How [`ErrorFormatLayer`] renders the error in a response's extensions
/// again, whatever its catalogue, when the response was made outside its
/// poll (in a task of its own): a function made for the error's type when
/// the response was made, so the layer needs no type of its own per
/// catalogue.
#[derive(Clone, Copy)]
pub(crate) struct Rerender(
    fn(&http::Extensions, Option<&HeaderValue>, &Formats, &mut Vec<u8>) -> Option<HeaderValue>,
);

/// The format an error of `C` is answered in for this `Accept`, among the
/// layer's formats and the catalogue's, and whether it is one of the
/// team's own.
fn choose<'f, C: CatalogueCode>(
    accept: Option<&HeaderValue>,
    formats: &'f Formats,
) -> (format::Choice<'f>, bool) {
    let catalogue = C::CATALOGUE;
    let mut offered: Vec<&dyn WireFormat> = formats.first.iter().map(|format| &**format).collect();
    for builtin in format::formats_of(catalogue) {
        offered.push(builtin);
    }
    for own in &formats.last {
        offered.push(&**own);
    }
    let choice = format::negotiate(accept, &offered, catalogue);
    // A team's own format is an allocation of its own, never at a static's
    // address.
    let own = formats
        .first
        .iter()
        .chain(&formats.last)
        .any(|format| std::ptr::addr_eq(Arc::as_ptr(format), choice.format));
    (choice, own)
}

/// Writes `error` in the chosen format (the built-in problem format under
/// the layer's own `type` base, when it has one) and returns its
/// `Content-Type`.
fn write_chosen<C: CatalogueCode>(
    error: &ApiError<C>,
    (choice, own): &(format::Choice<'_>, bool),
    formats: &Formats,
    out: &mut Vec<u8>,
) -> HeaderValue {
    let base = formats
        .type_base
        .as_deref()
        .filter(|_| !own && choice.format.name() == format::PROBLEM.name());
    match base {
        Some(base) => format::problem::Problem::write_with_base(error, base, out),
        None => choice.format.write(error, out),
    }
    choice.content_type()
}

/// The body and `Content-Type` the request's `Accept` asks for, when it is
/// not the body of the catalogue's first format, which the response
/// already has.
fn rerender<C: CatalogueCode>(
    extensions: &http::Extensions,
    accept: Option<&HeaderValue>,
    formats: &Formats,
    out: &mut Vec<u8>,
) -> Option<HeaderValue> {
    let error = extensions.get::<ApiError<C>>()?;
    let catalogue = C::CATALOGUE;
    let chosen = choose::<C>(accept, formats);
    let (choice, own) = &chosen;
    let default = format::default_of(catalogue);
    if formats.type_base.is_none()
        && !own
        && choice.format.name() == default.name()
        && choice.media_type == default.media_types(catalogue).first()
    {
        return None;
    }
    Some(write_chosen(error, &chosen, formats, out))
}

/// The formats of an [`ErrorFormatLayer`] beside each catalogue's own.
#[derive(Clone, Default)]
pub(crate) struct Formats {
    /// A team's own formats ahead of the catalogue's.
    first: Vec<Arc<dyn WireFormat>>,
    /// A team's own formats after the catalogue's.
    last: Vec<Arc<dyn WireFormat>>,
    /// The `type` base of problem documents, when the layer sets one.
    type_base: Option<Arc<str>>,
}

impl std::fmt::Debug for Formats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formats")
            .field(
                "first",
                &self
                    .first
                    .iter()
                    .map(|format| format.name())
                    .collect::<Vec<_>>(),
            )
            .field(
                "last",
                &self
                    .last
                    .iter()
                    .map(|format| format.name())
                    .collect::<Vec<_>>(),
            )
            .field("type_base", &self.type_base)
            .finish()
    }
}

/// Answers errors in the format the request prefers
/// ([`format::negotiate`]) among those the error's catalogue speaks and a
/// team's own: those given to [`with_format`](Self::with_format) come after
/// the catalogue's, reached by their media types; those given to
/// [`with_default_format`](Self::with_default_format) come before, the first
/// of them answering when the request does not choose.
/// Only responses made from an [`ApiError`] are touched, of any catalogue:
/// one layer serves a router that answers for several APIs. Problem
/// `type`s are under each error's catalogue's
/// [`problem_base`](crate::Catalogue::problem_base), unless the layer is
/// given a base of its own.
///
/// ```
/// use axum::{Router, body::Body, routing::get};
/// use errcat::server::ErrorFormatLayer;
/// use http::Request;
/// use tower::ServiceExt;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = Router::new()
///     .route("/", get(|| async { errcat::ApiError::quota_exceeded() }))
///     .layer(ErrorFormatLayer::new().with_type_base("https://api.example.com/problems/"));
/// let request = Request::get("/").header("accept", "application/problem+json").body(Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 429);
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct ErrorFormatLayer {
    formats: Arc<Formats>,
}

impl ErrorFormatLayer {
    /// The formats of each error's catalogue, problem `type`s under each
    /// catalogue's own base.
    pub fn new() -> ErrorFormatLayer {
        ErrorFormatLayer::default()
    }

    /// Problem `type`s under `base`, whatever the catalogue: `base` followed
    /// by the code.
    pub fn with_type_base(self, base: impl Into<Cow<'static, str>>) -> ErrorFormatLayer {
        let mut formats = (*self.formats).clone();
        formats.type_base = Some(Arc::from(base.into().as_ref()));
        ErrorFormatLayer {
            formats: Arc::new(formats),
        }
    }

    /// A team's own format after the catalogue's, in the order added: a
    /// request reaches it by one of its media types.
    ///
    /// ```
    /// use errcat::server::ErrorFormatLayer;
    ///
    /// // The JSON:API body for the clients that ask for it, whatever the
    /// // catalogue lists.
    /// let layer = ErrorFormatLayer::new().with_format(errcat::format::json_api::JsonApi);
    /// # let _ = layer;
    /// ```
    pub fn with_format(self, format: impl WireFormat) -> ErrorFormatLayer {
        let mut formats = (*self.formats).clone();
        formats.last.push(Arc::new(format));
        ErrorFormatLayer {
            formats: Arc::new(formats),
        }
    }

    /// A team's own format ahead of the catalogue's, in the order added:
    /// the first answers when the request does not choose.
    pub fn with_default_format(self, format: impl WireFormat) -> ErrorFormatLayer {
        let mut formats = (*self.formats).clone();
        formats.first.push(Arc::new(format));
        ErrorFormatLayer {
            formats: Arc::new(formats),
        }
    }
}

impl<S> Layer<S> for ErrorFormatLayer {
    type Service = ErrorFormatService<S>;

    fn layer(&self, inner: S) -> ErrorFormatService<S> {
        ErrorFormatService {
            inner,
            formats: self.formats.clone(),
        }
    }
}

/// The service of [`ErrorFormatLayer`].
#[derive(Debug, Clone)]
pub struct ErrorFormatService<S> {
    inner: S,
    formats: Arc<Formats>,
}

impl<S, B> Service<Request<B>> for ErrorFormatService<S>
where
    S: Service<Request<B>, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ErrorFormatFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let accept = request.headers().get(ACCEPT).cloned();
        ErrorFormatFuture {
            inner: self.inner.call(request),
            accept,
            formats: self.formats.clone(),
        }
    }
}

pin_project! {
    /// The response future of [`ErrorFormatService`].
    pub struct ErrorFormatFuture<F> {
        #[pin]
        inner: F,
        accept: Option<HeaderValue>,
        formats: Arc<Formats>,
    }
}

impl<F, E> Future for ErrorFormatFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let polled = {
            let _negotiating = Negotiating::set(Asked {
                accept: this.accept.clone(),
                formats: this.formats.clone(),
            });
            this.inner.poll(cx)
        };
        let mut response = ready!(polled)?;
        // Written in the negotiated format already; or, without `Accept` or
        // a format of the team's own, the first format's body, already
        // there.
        if response.extensions().get::<Negotiated>().is_none()
            && (this.accept.is_some() || !this.formats.first.is_empty())
        {
            let rerender = response.extensions().get::<Rerender>().copied();
            let mut body = Vec::new();
            let content_type = rerender.and_then(|Rerender(write)| {
                write(
                    response.extensions(),
                    this.accept.as_ref(),
                    this.formats,
                    &mut body,
                )
            });
            if let Some(content_type) = content_type {
                let headers = response.headers_mut();
                headers.insert(CONTENT_TYPE, content_type);
                headers.remove(CONTENT_LENGTH);
                *response.body_mut() = Body::from(body);
            }
        }
        Poll::Ready(Ok(response))
    }
}

/// The longest `Request-ID` [`ResponseIdLayer`] echoes, in bytes: room for
/// a UUID (36) or any other identifier of the kind, not for a payload.
pub const MAX_ECHOED_ID: usize = 128;

/// Whether a `Request-ID` is echoed: 1 to [`MAX_ECHOED_ID`] bytes, each
/// visible ASCII (`!` to `~`).
fn is_echoed(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    (1..=MAX_ECHOED_ID).contains(&bytes.len()) && bytes.iter().all(u8::is_ascii_graphic)
}

/// Answers every request whose `Request-ID` header is an identifier with the
/// same value in a `Response-ID` header, whatever the response, errors
/// included. Only an identifier is echoed: 1 to [`MAX_ECHOED_ID`] bytes of
/// visible ASCII, no spaces, no control characters, no other bytes; any
/// other value (empty, too long, non-ASCII) gets no `Response-ID`, so that
/// the header cannot carry what a client did not mean as an identifier
/// into the response (or 400 KB of it). Whether the request should be
/// refused for it is the application's business.
///
/// ```
/// use axum::{Router, body::Body, routing::get};
/// use errcat::server::ResponseIdLayer;
/// use http::Request;
/// use tower::ServiceExt;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = Router::new()
///     .route("/", get(|| async { errcat::ApiError::invalid_jwt() }))
///     .layer(ResponseIdLayer::new());
/// let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
/// let request = Request::get("/").header("request-id", id).body(Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.headers()["response-id"], id);
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ResponseIdLayer;

impl ResponseIdLayer {
    /// The layer.
    pub fn new() -> ResponseIdLayer {
        ResponseIdLayer
    }
}

impl<S> Layer<S> for ResponseIdLayer {
    type Service = ResponseIdService<S>;

    fn layer(&self, inner: S) -> ResponseIdService<S> {
        ResponseIdService { inner }
    }
}

/// The service of [`ResponseIdLayer`].
#[derive(Debug, Clone)]
pub struct ResponseIdService<S> {
    inner: S,
}

impl<S, B, R> Service<Request<B>> for ResponseIdService<S>
where
    S: Service<Request<B>, Response = http::Response<R>>,
{
    type Response = http::Response<R>;
    type Error = S::Error;
    type Future = ResponseIdFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let id = request
            .headers()
            .get(REQUEST_ID)
            .filter(|id| is_echoed(id))
            .cloned();
        ResponseIdFuture {
            inner: self.inner.call(request),
            id,
        }
    }
}

pin_project! {
    /// The response future of [`ResponseIdService`].
    pub struct ResponseIdFuture<F> {
        #[pin]
        inner: F,
        id: Option<HeaderValue>,
    }
}

impl<F, R, E> Future for ResponseIdFuture<F>
where
    F: Future<Output = Result<http::Response<R>, E>>,
{
    type Output = Result<http::Response<R>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = ready!(this.inner.poll(cx))?;
        if let Some(id) = this.id.take() {
            response.headers_mut().insert(RESPONSE_ID, id);
        }
        Poll::Ready(Ok(response))
    }
}

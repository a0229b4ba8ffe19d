//! Every error response a catalogue error: the fallbacks for unknown routes
//! and wrong methods, and a layer for whatever else answers an error.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum_core::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use http::{Method, Request, StatusCode, Uri};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use super::Rerender;
use crate::{ApiError, Roles};

/// An axum handler answering the catalogue's `not_found` row, for
/// [`Router::fallback`](axum::Router::fallback): a path that is no route.
/// The path is in the error's detail (or its placeholder, if the row has
/// one).
///
/// ```
/// use axum::{Router, routing::get};
/// use errcat::ErrorCode;
/// use errcat::server::{method_not_allowed, not_found};
///
/// let app: Router = Router::new()
///     .route("/accounts", get(|| async { "[]" }))
///     .fallback(not_found::<ErrorCode>)
///     .method_not_allowed_fallback(method_not_allowed::<ErrorCode>);
/// ```
pub async fn not_found<C: Roles>(uri: Uri) -> ApiError<C> {
    ApiError::naming(C::NOT_FOUND, uri.path().to_owned())
}

/// An axum handler answering the catalogue's `method_not_allowed` row, for
/// [`Router::method_not_allowed_fallback`](axum::Router::method_not_allowed_fallback):
/// axum's router adds the `Allow` header listing the route's methods, as
/// RFC 9110 requires of a 405. The method is in the error's detail (or its
/// placeholder).
pub async fn method_not_allowed<C: Roles>(method: Method) -> ApiError<C> {
    ApiError::naming(C::METHOD_NOT_ALLOWED, method.as_str().to_owned())
}

/// Makes every error response of the service a catalogue error: a response
/// with a 4xx or 5xx status that was not made from an [`ApiError`] (a
/// rejection the handler did not convert, a tower middleware's error, a
/// handler's plain `StatusCode`) is replaced by the row of `C`'s
/// [`Roles`] for its status, keeping its other header fields (`Allow`,
/// `Retry-After`, ...):
///
/// | status | row |
/// |---|---|
/// | 404 | `not_found` |
/// | 405 | `method_not_allowed` |
/// | 413 | `payload_too_large` |
/// | 415 | `unsupported_media_type` |
/// | any other 4xx | `invalid_input` |
/// | 5xx | `internal` |
///
/// The replaced response's status and body stay in the error's detail, for
/// the logs. Put it inside [`ErrorFormatLayer`](super::ErrorFormatLayer), so
/// that the errors it makes are negotiated like the others.
///
/// Errors hyper answers before any service runs (a request line or header
/// section it cannot parse or that is too large: 400, 414, 431) cannot be
/// reached by any layer; a client sees hyper's empty responses for those.
///
/// ```
/// use axum::{Router, body::Body, routing::get};
/// use errcat::ErrorCode;
/// use errcat::server::{CatalogueOnlyLayer, ErrorFormatLayer};
/// use http::{Request, StatusCode};
/// use tower::ServiceExt;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let app = Router::new()
///     .route("/teapot", get(|| async { StatusCode::IM_A_TEAPOT }))
///     .layer(CatalogueOnlyLayer::<ErrorCode>::new())
///     .layer(ErrorFormatLayer::new());
/// let request = Request::get("/teapot").body(Body::empty()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), StatusCode::BAD_REQUEST);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// # }
/// ```
pub struct CatalogueOnlyLayer<C> {
    catalogue: PhantomData<fn() -> C>,
}

impl<C: Roles> CatalogueOnlyLayer<C> {
    /// The layer, answering in `C`'s rows.
    pub fn new() -> CatalogueOnlyLayer<C> {
        CatalogueOnlyLayer {
            catalogue: PhantomData,
        }
    }
}

impl<C: Roles> Default for CatalogueOnlyLayer<C> {
    fn default() -> CatalogueOnlyLayer<C> {
        CatalogueOnlyLayer::new()
    }
}

impl<C> Clone for CatalogueOnlyLayer<C> {
    fn clone(&self) -> CatalogueOnlyLayer<C> {
        CatalogueOnlyLayer {
            catalogue: PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for CatalogueOnlyLayer<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogueOnlyLayer").finish()
    }
}

impl<S, C: Roles> Layer<S> for CatalogueOnlyLayer<C> {
    type Service = CatalogueOnlyService<S, C>;

    fn layer(&self, inner: S) -> CatalogueOnlyService<S, C> {
        CatalogueOnlyService {
            inner,
            catalogue: PhantomData,
        }
    }
}

/// The service of [`CatalogueOnlyLayer`].
pub struct CatalogueOnlyService<S, C> {
    inner: S,
    catalogue: PhantomData<fn() -> C>,
}

impl<S: Clone, C> Clone for CatalogueOnlyService<S, C> {
    fn clone(&self) -> CatalogueOnlyService<S, C> {
        CatalogueOnlyService {
            inner: self.inner.clone(),
            catalogue: PhantomData,
        }
    }
}

impl<S: std::fmt::Debug, C> std::fmt::Debug for CatalogueOnlyService<S, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogueOnlyService")
            .field("inner", &self.inner)
            .finish()
    }
}

impl<S, B, C> Service<Request<B>> for CatalogueOnlyService<S, C>
where
    S: Service<Request<B>, Response = Response>,
    C: Roles,
{
    type Response = Response;
    type Error = S::Error;
    type Future = CatalogueOnlyFuture<S::Future, C>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Kept for naming what was not found or not allowed: clones that
        // share the request's bytes, no allocation for the many responses
        // that are no error.
        let method = request.method().clone();
        let uri = request.uri().clone();
        CatalogueOnlyFuture {
            inner: self.inner.call(request),
            method,
            uri,
            catalogue: PhantomData,
        }
    }
}

pin_project! {
    /// The response future of [`CatalogueOnlyService`].
    pub struct CatalogueOnlyFuture<F, C> {
        #[pin]
        inner: F,
        method: Method,
        uri: Uri,
        catalogue: PhantomData<fn() -> C>,
    }
}

impl<F, E, C> Future for CatalogueOnlyFuture<F, C>
where
    F: Future<Output = Result<Response, E>>,
    C: Roles,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        let status = response.status();
        if !(status.is_client_error() || status.is_server_error())
            || response.extensions().get::<Rerender>().is_some()
        {
            return Poll::Ready(Ok(response));
        }
        let error: ApiError<C> = match status {
            StatusCode::NOT_FOUND => ApiError::naming(C::NOT_FOUND, this.uri.path().to_owned()),
            StatusCode::METHOD_NOT_ALLOWED => {
                ApiError::naming(C::METHOD_NOT_ALLOWED, this.method.as_str().to_owned())
            }
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::naming(C::PAYLOAD_TOO_LARGE, "body"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ApiError::naming(C::UNSUPPORTED_MEDIA_TYPE, "Content-Type")
            }
            status if status.is_server_error() => ApiError::naming(C::INTERNAL, "response"),
            _ => ApiError::naming(C::INVALID_INPUT, "request"),
        };
        let replaced = format!("replaced a {status} response that was no catalogue error");
        let detail = match error.detail() {
            Some(name) => format!("{name}; {replaced}"),
            None => replaced,
        };
        let (parts, _) = response.into_parts();
        let mut response = error.with_detail(detail).into_response();
        let own = response.headers().clone();
        for (name, value) in &parts.headers {
            let framing = [CONTENT_TYPE, CONTENT_LENGTH, TRANSFER_ENCODING].contains(name);
            if !framing && !own.contains_key(name) {
                response.headers_mut().append(name.clone(), value.clone());
            }
        }
        Poll::Ready(Ok(response))
    }
}

//! An account server answering every documented error from the catalogue.
//!
//! ```sh
//! cargo run --example account_server --features axum,utoipa -- 127.0.0.1:8080
//! curl -i http://127.0.0.1:8080/accounts   # 400 GEN-1201-100001, Request-ID missing
//! ```
//!
//! Errors are logged on standard error with their structured fields;
//! `ACCOUNT_SERVER_LOG=off` (or `error`, `warn`, `info`, `debug`, `trace`) sets
//! the level; `info` by default.
//!
//! A client has [`HEADER_TIMEOUT`] to send a request's headers (also while
//! a kept-alive connection waits for its next request), and at most
//! [`MAX_CONNECTIONS`] connections are served at once: the next waits to be
//! accepted. `ACCOUNT_SERVER_HEADER_TIMEOUT_MS` and
//! `ACCOUNT_SERVER_MAX_CONNECTIONS` set them otherwise, for tests.

mod app;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long a client has to send a request's headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections are served at once.
const MAX_CONNECTIONS: usize = 512;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // ACCOUNT_SERVER_LOG: off, error, warn, info (the default), debug or
    // trace; anything else is refused rather than silently ignored.
    let level = match std::env::var("ACCOUNT_SERVER_LOG") {
        Ok(level) => match level.parse::<tracing_subscriber::filter::LevelFilter>() {
            Ok(level) => level,
            Err(_) => {
                eprintln!(
                    "account_server: ACCOUNT_SERVER_LOG={}: expected off, error, warn, info, debug or trace",
                    level.escape_debug()
                );
                std::process::exit(2);
            }
        },
        Err(_) => tracing_subscriber::filter::LevelFilter::INFO,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("127.0.0.1:8080")
        .parse()?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "account server listening on http://{}",
        listener.local_addr()?
    );
    let timeout = match std::env::var("ACCOUNT_SERVER_HEADER_TIMEOUT_MS") {
        Ok(ms) => Duration::from_millis(ms.parse()?),
        Err(_) => HEADER_TIMEOUT,
    };
    let connections = match std::env::var("ACCOUNT_SERVER_MAX_CONNECTIONS") {
        Ok(count) => count.parse()?,
        Err(_) => MAX_CONNECTIONS,
    };
    let app = app::app(Arc::new(app::Bank::sample()));
    tokio::select! {
        served = serve(listener, app, timeout, connections) => served?,
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

/// Serves `app` through hyper's HTTP/1 connections, each with a timeout on
/// its headers, at most `connections` at a time (`axum::serve` sets
/// neither: a client that never ends its headers would hold its connection
/// for ever, and enough of them would exhaust the file descriptors).
async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    header_timeout: Duration,
    connections: usize,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(connections));
    loop {
        let slot = slots.clone().acquire_owned().await.expect("never closed");
        let (stream, _) = listener.accept().await?;
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let served = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
            if let Err(error) = served {
                tracing::debug!(%error, "connection closed");
            }
            drop(slot);
        });
    }
}

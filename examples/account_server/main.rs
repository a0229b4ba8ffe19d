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

mod app;

use std::net::SocketAddr;
use std::sync::Arc;

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
    axum::serve(listener, app::app(Arc::new(app::Bank::sample())))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

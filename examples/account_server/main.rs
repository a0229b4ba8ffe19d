//! An account server answering every documented error from the catalogue.
//!
//! ```sh
//! cargo run --example account_server --features axum -- 127.0.0.1:8080
//! curl -i http://127.0.0.1:8080/accounts   # 400 GEN-1201-100001, Request-ID missing
//! ```
//!
//! Errors are logged on standard error with their structured fields;
//! `ACCOUNT_SERVER_LOG=off` (or `error`, `warn`, `info`, `debug`) sets the level.

mod app;

use std::net::SocketAddr;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
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

//! `gateway [ADDR]`: serves both APIs on ADDR (127.0.0.1:8080 by default;
//! port 0 picks a free one) and prints the address it listens on.
//!
//! Each connection has 10 seconds to send a request's headers, and at most
//! 1,024 are served at once, so that clients that never finish a request
//! cannot hold the gateway's file descriptors.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    let mut stdout = std::io::stdout();
    writeln!(
        stdout,
        "gateway listening on http://{}",
        listener.local_addr()?
    )?;
    stdout.flush()?;
    let app = gateway::app();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10));
    let http = Arc::new(http);
    let limit = Arc::new(tokio::sync::Semaphore::new(1024));
    loop {
        let Ok(permit) = limit.clone().acquire_owned().await else {
            return Ok(());
        };
        let (stream, _) = listener.accept().await?;
        let (http, app) = (http.clone(), app.clone());
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = http
                .serve_connection(io, hyper_util::service::TowerToHyperService::new(app))
                .await;
            drop(permit);
        });
    }
}

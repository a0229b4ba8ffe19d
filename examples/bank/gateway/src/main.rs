//! `gateway [ADDR]`: serves both APIs on ADDR (127.0.0.1:8080 by default;
//! port 0 picks a free one) and prints the address it listens on.

use std::io::Write;

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
    axum::serve(listener, gateway::app()).await
}

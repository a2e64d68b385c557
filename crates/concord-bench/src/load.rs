//! The load generator: `connections` HTTP/1.1 keep-alive connections, each
//! sending its next request as soon as the previous answer is read, for a
//! fixed duration; connections are spread round-robin over the addresses
//! (two instances behind one address). Every latency is kept, so p50 and
//! p99 are exact.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::{Method, Request as HttpRequest};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// One request, sent again and again.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: Method,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Bytes>,
}

impl Request {
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::GET,
            path: path.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn post_json(path: impl Into<String>, body: &serde_json::Value) -> Self {
        Self {
            method: Method::POST,
            path: path.into(),
            headers: vec![("content-type", "application/json".into())],
            body: Some(Bytes::from(body.to_string())),
        }
    }

    fn build(&self, host: &str) -> anyhow::Result<HttpRequest<Full<Bytes>>> {
        let mut builder = HttpRequest::builder()
            .method(self.method.clone())
            .uri(&self.path)
            .header("host", host);
        for (name, value) in &self.headers {
            builder = builder.header(*name, value);
        }
        Ok(builder.body(Full::new(self.body.clone().unwrap_or_default()))?)
    }
}

/// What one load run observed.
#[derive(Clone, Debug, Default)]
pub struct Measured {
    /// Answers with a 2xx status.
    pub ok: u64,
    /// Other answers and broken connections.
    pub failed: u64,
    pub seconds: f64,
    /// Latency of every answer, in microseconds, sorted.
    pub latencies_us: Vec<u32>,
}

impl Measured {
    pub fn per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.ok as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// The latency below which `q` (0..=1) of the answers came, in ms
    /// (nearest rank).
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let rank = ((q * self.latencies_us.len() as f64).ceil() as usize).max(1);
        self.latencies_us[rank.min(self.latencies_us.len()) - 1] as f64 / 1000.0
    }

    fn merge(&mut self, other: Measured) {
        self.ok += other.ok;
        self.failed += other.failed;
        self.latencies_us.extend(other.latencies_us);
    }
}

/// Sends `request` once and returns the status and body (for probes and
/// for walking cursors).
pub async fn fetch(addr: SocketAddr, request: &Request) -> anyhow::Result<(u16, Bytes)> {
    let mut sender = connect(addr).await?;
    let response = sender
        .send_request(request.build(&addr.to_string())?)
        .await?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

/// Runs the load: `connections` connections for `duration`.
pub async fn run(
    addrs: &[SocketAddr],
    request: &Request,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Measured> {
    anyhow::ensure!(!addrs.is_empty(), "no address to send load to");
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for c in 0..connections {
        let addr = addrs[c % addrs.len()];
        let request = request.clone();
        tasks.spawn(async move { one_connection(addr, &request, deadline).await });
    }
    let mut total = Measured::default();
    while let Some(done) = tasks.join_next().await {
        total.merge(done??);
    }
    total.seconds = started.elapsed().as_secs_f64();
    total.latencies_us.sort_unstable();
    Ok(total)
}

async fn connect(addr: SocketAddr) -> anyhow::Result<http1::SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// One keep-alive connection, reopened if the server closes it.
async fn one_connection(
    addr: SocketAddr,
    request: &Request,
    deadline: Instant,
) -> anyhow::Result<Measured> {
    let host = addr.to_string();
    let mut seen = Measured::default();
    let mut sender = connect(addr).await?;
    while Instant::now() < deadline {
        if sender.ready().await.is_err() {
            seen.failed += 1;
            sender = connect(addr).await?;
            continue;
        }
        let sent = Instant::now();
        let answered = match sender.send_request(request.build(&host)?).await {
            Ok(response) => {
                let ok = response.status().is_success();
                response.into_body().collect().await.is_ok() && ok
            }
            Err(_) => false,
        };
        if answered {
            seen.ok += 1;
            seen.latencies_us
                .push(sent.elapsed().as_micros().min(u32::MAX as u128) as u32);
        } else {
            seen.failed += 1;
        }
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::Measured;

    #[test]
    fn quantiles_are_nearest_rank_over_the_sorted_latencies() {
        let measured = Measured {
            ok: 100,
            failed: 0,
            seconds: 2.0,
            latencies_us: (1..=100).map(|ms| ms * 1000).collect(),
        };
        assert_eq!(measured.quantile_ms(0.5), 50.0);
        assert_eq!(measured.quantile_ms(0.99), 99.0);
        assert_eq!(measured.per_second(), 50.0);
    }

    #[test]
    fn no_answers_have_no_quantiles_and_no_throughput() {
        let measured = Measured::default();
        assert!(measured.quantile_ms(0.5).is_nan());
        assert_eq!(measured.per_second(), 0.0);
    }
}

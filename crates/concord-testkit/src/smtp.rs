//! A local SMTP sink for tests: accepts every message on 127.0.0.1 and
//! keeps it, speaking just enough SMTP for a client (EHLO/HELO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT). Written here rather than taken from a
//! crate because the whole of it is this one small loop.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// A received message: envelope recipients and the raw data.
#[derive(Debug, Clone)]
pub struct SunkMail {
    pub to: Vec<String>,
    pub data: String,
}

pub struct SmtpSink {
    pub url: String,
    mails: Arc<Mutex<Vec<SunkMail>>>,
    /// Woken on every message, for [`SmtpSink::wait_for`].
    arrived: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

/// How long [`SmtpSink::wait_for`] waits before failing the test.
const WAIT: Duration = Duration::from_secs(20);

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let mails: Arc<Mutex<Vec<SunkMail>>> = Arc::default();
        let arrived = Arc::new(Notify::new());
        let kept = mails.clone();
        let wake = arrived.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                let wake = wake.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ready\r\n").await;
                    let mut to = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250 sink\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                            b"250 ok\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = write.write_all(b"354 end with .\r\n").await;
                            let mut data = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                data.push_str(&l);
                                data.push('\n');
                            }
                            kept.lock().expect("lock").push(SunkMail {
                                to: std::mem::take(&mut to),
                                data,
                            });
                            wake.notify_waiters();
                            b"250 queued\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 ok\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        SmtpSink {
            url: format!("smtp://{address}"),
            mails,
            arrived,
            task,
        }
    }

    /// Every message received so far.
    pub fn mails(&self) -> Vec<SunkMail> {
        self.mails.lock().expect("lock").clone()
    }

    /// Every message received, once there are at least `count` (for mail
    /// sent in the background); fails the test if they do not come.
    pub async fn wait_for(&self, count: usize) -> Vec<SunkMail> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            // Registered before looking, so a message arriving in between
            // still wakes us.
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let mails = self.mails();
            if mails.len() >= count {
                return mails;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("{count} e-mails expected, {} came", mails.len());
            }
        }
    }
}

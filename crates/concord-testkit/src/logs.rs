//! What the application logs while the tests run, kept in memory so a test
//! can show that no personal data ever reaches a log line. One subscriber
//! serves the whole test process (tracing allows one global subscriber), so
//! the capture holds every test's lines from the moment it is installed.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

static LINES: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static INSTALLED: OnceLock<bool> = OnceLock::new();

struct Capture;

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        LINES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing, at the most talkative level an operator could set
/// (`debug`). Returns false if another subscriber was installed first, in
/// which case nothing is captured and a test relying on it must fail.
pub fn capture_logs() -> bool {
    *INSTALLED.get_or_init(|| {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_ansi(false)
            .with_writer(|| Capture)
            .try_init()
            .is_ok()
    })
}

/// Everything logged since capturing started.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LINES.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
}

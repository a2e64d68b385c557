//! Test kit: start the real Concord (real store, real HTTP on 127.0.0.1:0)
//! on a temporary SQLite file or a fresh PostgreSQL database, with a
//! manual clock, and talk to it like a browser would.

mod browser;
mod engine;
mod logs;
mod smtp;
mod spawn;

pub use browser::{Browser, Reply};
pub use engine::Engine;
pub use logs::{capture_logs, captured_logs};
pub use smtp::{SmtpSink, SunkMail};
pub use spawn::{TestApp, TestAppOptions, open_store};

/// Decodes the second-factor key as the enrolment page shows it.
pub fn decode_base32(text: &str) -> Vec<u8> {
    data_encoding::BASE32_NOPAD
        .decode(text.replace([' ', '-'], "").to_uppercase().as_bytes())
        .expect("a base32 key")
}

/// Generates one `#[tokio::test]` per engine for an `async fn(Engine)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Engine::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Engine::Postgres).await;
                }
            }
        )*
    };
}

//! Time-based one-time passwords (RFC 6238) with the parameters every authenticator app
//! supports: HMAC-SHA1, 6 digits, 30-second steps.
//!
//! Replay protection is the caller's job: store the step returned by [`matching_step`] and
//! refuse any later sign-in whose step is not greater.

use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use qrcode::{Color, QrCode};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::SecretBox;
use sha1::Sha1;

use crate::{CryptoError, constant_time_eq};

/// Length of a time step in seconds.
pub const STEP_SECONDS: u64 = 30;
/// Number of digits in a code.
pub const DIGITS: usize = 6;
/// Length of a new secret: 160 bits, as RFC 4226 recommends for HMAC-SHA1.
pub const SECRET_BYTES: usize = 20;

/// 20 random bytes.
pub fn new_secret() -> SecretBox<Vec<u8>> {
    SecretBox::init_with_mut(|secret: &mut Vec<u8>| {
        secret.resize(SECRET_BYTES, 0);
        OsRng.fill_bytes(secret);
    })
}

/// RFC 4648 base32, no padding: what users type into an app that cannot scan the QR code.
pub fn secret_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// The `otpauth://` URI authenticator apps read from the QR code.
pub fn otpauth_uri(secret: &[u8], issuer: &str, account: &str) -> String {
    let mut uri = String::from("otpauth://totp/");
    if !issuer.is_empty() {
        percent_encode_into(&mut uri, issuer);
        uri.push(':');
    }
    percent_encode_into(&mut uri, account);
    uri.push_str("?secret=");
    uri.push_str(&secret_base32(secret));
    if !issuer.is_empty() {
        uri.push_str("&issuer=");
        percent_encode_into(&mut uri, issuer);
    }
    let _ = write!(uri, "&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}");
    uri
}

/// Keeps RFC 3986 unreserved characters and percent-encodes every other byte, which is safe
/// in both the label and the query (spaces become %20, which apps expect, not '+').
fn percent_encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Size of the white border in modules; the QR specification asks for four.
const QUIET_ZONE: usize = 4;
/// Default rendered size of one module in CSS pixels; CSS may scale the image.
const MODULE_PX: usize = 4;

/// Renders `uri` as a QR code: an `<svg>` element, no XML prolog, no scripts or styles, so
/// it can be embedded directly in a page with a strict Content-Security-Policy.
pub fn try_qr_svg(uri: &str) -> Result<String, CryptoError> {
    let code = QrCode::new(uri.as_bytes()).map_err(|e| CryptoError::QrCode(e.to_string()))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let px = size * MODULE_PX;
    let mut svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" "#,
            r#"width="{px}" height="{px}" shape-rendering="crispEdges">"#,
            r##"<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d=""##,
        ),
        size = size,
        px = px
    );
    // One rectangle per horizontal run of dark modules keeps the path short.
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    svg,
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    svg.push_str(r#""/></svg>"#);
    Ok(svg)
}

/// Like [`try_qr_svg`]; for data too long for any QR code (thousands of bytes, which no
/// otpauth URI with sane names reaches) it returns an empty `<svg>` element, and the user
/// can still type the base32 secret shown beside it.
pub fn qr_svg(uri: &str) -> String {
    try_qr_svg(uri).unwrap_or_else(|_| {
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>"#.to_owned()
    })
}

/// RFC 4226 HOTP value for counter `counter`, as a zero-padded decimal string.
fn hotp(secret: &[u8], counter: u64) -> String {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // Dynamic truncation: the low nibble of the last byte picks four bytes, top bit cleared.
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!(
        "{:0width$}",
        value % 10u32.pow(DIGITS as u32),
        width = DIGITS
    )
}

/// The 6-digit code for the step containing unix time `unix_seconds`.
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    hotp(secret, unix_seconds / STEP_SECONDS)
}

/// The time step (unix_seconds / 30) whose code matches, trying the current step, the
/// one before and the one after (clock skew); the latest matching step wins.
/// Constant-time comparison. Non-digit or wrong-length input → None.
pub fn matching_step(secret: &[u8], code: &str, unix_seconds: u64) -> Option<i64> {
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = unix_seconds / STEP_SECONDS;
    let mut found = None;
    // Every candidate is computed and compared, so timing does not tell which one matched.
    for step in [
        current.checked_sub(1),
        Some(current),
        current.checked_add(1),
    ]
    .into_iter()
    .flatten()
    {
        if constant_time_eq(hotp(secret, step).as_bytes(), code.as_bytes()) {
            found = i64::try_from(step).ok();
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use secrecy::ExposeSecret;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 appendix B gives 8 digits; a 6-digit code is the last six of them.
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, eight) in vectors {
            assert_eq!(code_at(RFC_SECRET, time), &eight[2..], "time {time}");
        }
    }

    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64), *code);
        }
    }

    #[test]
    fn matching_step_accepts_one_step_of_skew() {
        let now = 1_111_111_111u64;
        let step = (now / 30) as i64;
        let current = code_at(RFC_SECRET, now);
        let previous = code_at(RFC_SECRET, now - 30);
        let next = code_at(RFC_SECRET, now + 30);
        assert_eq!(matching_step(RFC_SECRET, &current, now), Some(step));
        assert_eq!(matching_step(RFC_SECRET, &previous, now), Some(step - 1));
        assert_eq!(matching_step(RFC_SECRET, &next, now), Some(step + 1));
    }

    #[test]
    fn matching_step_refuses_outside_the_window() {
        let now = 1_111_111_111u64;
        let two_back = code_at(RFC_SECRET, now - 60);
        let two_ahead = code_at(RFC_SECRET, now + 60);
        // Guard against a coincidental match with a neighbouring step.
        for c in [&two_back, &two_ahead] {
            assert!((-1..=1).all(|d| code_at(RFC_SECRET, (now as i64 + d * 30) as u64) != *c));
        }
        assert_eq!(matching_step(RFC_SECRET, &two_back, now), None);
        assert_eq!(matching_step(RFC_SECRET, &two_ahead, now), None);
    }

    #[test]
    fn matching_step_refuses_malformed_codes() {
        let now = 59;
        let code = code_at(RFC_SECRET, now);
        assert_eq!(matching_step(RFC_SECRET, &code, now), Some(1));
        assert_eq!(matching_step(RFC_SECRET, "", now), None);
        assert_eq!(matching_step(RFC_SECRET, &code[1..], now), None);
        assert_eq!(matching_step(RFC_SECRET, &format!("{code}0"), now), None);
        assert_eq!(
            matching_step(RFC_SECRET, &format!(" {}", &code[1..]), now),
            None
        );
        assert_eq!(matching_step(RFC_SECRET, "28708a", now), None);
        assert_eq!(matching_step(RFC_SECRET, "２８７０８２", now), None);
    }

    #[test]
    fn matching_step_at_time_zero_has_no_negative_step() {
        let code = code_at(RFC_SECRET, 0);
        assert_eq!(matching_step(RFC_SECRET, &code, 0), Some(0));
    }

    #[test]
    fn latest_matching_step_wins() {
        // A secret whose codes for steps 100 and 101 coincide (found by an offline search),
        // so a code from step 100 presented at step 100 matches two candidates.
        let secret = [0x00, 0x0e, 0x76, 0xa6];
        let now = 100 * 30;
        assert_eq!(hotp(&secret, 100), "675912");
        assert_eq!(hotp(&secret, 101), "675912");
        assert_eq!(matching_step(&secret, "675912", now), Some(101));
    }

    #[test]
    fn secrets_are_20_random_bytes() {
        let a = new_secret();
        let b = new_secret();
        assert_eq!(a.expose_secret().len(), 20);
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn base32_and_uri() {
        assert_eq!(
            secret_base32(RFC_SECRET),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        assert_eq!(secret_base32(b"f"), "MY");
        assert_eq!(
            otpauth_uri(RFC_SECRET, "Concord Test", "ann@example.org"),
            "otpauth://totp/Concord%20Test:ann%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Concord%20Test&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_uri(b"f", "A&B:C", "x?y#z/é"),
            "otpauth://totp/A%26B%3AC:x%3Fy%23z%2F%C3%A9?secret=MY&issuer=A%26B%3AC\
             &algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn qr_svg_is_a_bare_svg_element() {
        let uri = otpauth_uri(RFC_SECRET, "Concord", "ann@example.org");
        let svg = qr_svg(&uri);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        // Nothing a strict CSP would block or that only XML documents allow.
        for forbidden in ["<?xml", "<script", "style", " on"] {
            assert!(!svg.contains(forbidden), "{forbidden} found in {svg}");
        }
        // The first run drawn is the top edge of the top-left finder pattern: seven dark
        // modules just inside the four-module quiet zone.
        assert!(
            svg.contains("<path fill=\"#000\" d=\"M4 4h7v1h-7z"),
            "{svg}"
        );
    }

    #[test]
    fn qr_svg_of_oversized_data_is_empty() {
        let huge = "x".repeat(10_000);
        assert!(try_qr_svg(&huge).is_err());
        assert!(qr_svg(&huge).starts_with("<svg"));
    }

    proptest! {
        #[test]
        fn codes_are_six_digits_and_match_their_own_step(
            secret in proptest::collection::vec(any::<u8>(), 1..64),
            time in 30u64..4_000_000_000,
        ) {
            let code = code_at(&secret, time);
            prop_assert_eq!(code.len(), 6);
            prop_assert!(code.bytes().all(|b| b.is_ascii_digit()));
            let step = matching_step(&secret, &code, time);
            // Equal to the current step, or a later one whose code happens to coincide.
            prop_assert!(matches!(step, Some(s) if s == (time / 30) as i64 || s == (time / 30) as i64 + 1));
        }
    }
}

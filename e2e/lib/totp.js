'use strict';
// A tiny TOTP implementation (RFC 6238 over RFC 4226 HOTP): HMAC-SHA-1, 6 digits,
// 30-second steps, secrets given in base32 (RFC 4648) as authenticator apps take them.
// Used by the browser tests to play the part of the user's authenticator app.
//
// `node lib/totp.js` runs the self-check against the RFC 6238 test vector.

const crypto = require('node:crypto');

const STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes base32 (case-insensitive; spaces, hyphens and '=' padding ignored). */
function base32Decode(text) {
  const clean = String(text).toUpperCase().replace(/[\s\-=]/g, '');
  if (clean.length === 0) throw new Error('empty base32 secret');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const index = BASE32_ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= 0xff; // at most 7 unused bits remain; keep the number small
  }
  return Buffer.from(out);
}

/** Encodes bytes as unpadded base32 (only used by the self-check). */
function base32Encode(bytes) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of Buffer.from(bytes)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 4226 HOTP with HMAC-SHA-1 over raw key bytes. */
function hotp(key, counter, digits = DIGITS) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The TOTP time step that contains `timeMs` (milliseconds since the epoch). */
function timeStep(timeMs = Date.now()) {
  return Math.floor(timeMs / 1000 / STEP_SECONDS);
}

/** The 6-digit code for a base32 secret at `timeMs` (default: now). */
function totp(secretBase32, timeMs = Date.now()) {
  return hotp(base32Decode(secretBase32), timeStep(timeMs));
}

/** Throws unless the implementation reproduces the RFC 6238 SHA-1 vector. */
function selfCheck() {
  const ascii = '12345678901234567890';
  const secret = base32Encode(Buffer.from(ascii, 'ascii'));
  const checks = [
    // RFC 6238 appendix B, SHA-1: T = 59 s gives 94287082; its last six digits.
    ['RFC 6238 t=59', totp(secret, 59 * 1000), '287082'],
    ['RFC 6238 t=1111111109', totp(secret, 1111111109 * 1000), '081804'],
    ['RFC 6238 t=20000000000', totp(secret, 20000000000 * 1000), '353130'],
    // RFC 4226 appendix D, counter 0 and 9.
    ['RFC 4226 counter 0', hotp(Buffer.from(ascii, 'ascii'), 0), '755224'],
    ['RFC 4226 counter 9', hotp(Buffer.from(ascii, 'ascii'), 9), '520489'],
    ['base32 round trip', base32Decode(secret.toLowerCase().replace(/(.{4})/g, '$1 ')).toString('ascii'), ascii],
    ['base32 encoding', secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'],
  ];
  const failures = checks.filter(([, got, want]) => got !== want);
  if (failures.length > 0) {
    const lines = failures.map(([name, got, want]) => `  ${name}: got ${got}, want ${want}`);
    throw new Error(`TOTP self-check failed:\n${lines.join('\n')}`);
  }
  return checks.length;
}

module.exports = { base32Decode, base32Encode, hotp, timeStep, totp, selfCheck, STEP_SECONDS };

if (require.main === module) {
  try {
    const n = selfCheck();
    console.log(`TOTP self-check: ${n} vectors OK (RFC 6238 secret "12345678901234567890" at t=59 -> 287082)`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

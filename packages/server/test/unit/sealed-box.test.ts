import { createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecretsKey, parseSecretsKey, SealedBox, SealedBoxError } from '../../src/lib/sealed-box.js';

const key = randomBytes(32);

describe('SealedBox (AES-256-GCM, v1 envelope)', () => {
  it('round-trips and never repeats a nonce', () => {
    const box = new SealedBox(key);
    const a = box.seal('whsec_abc', 'ctx');
    const b = box.seal('whsec_abc', 'ctx');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(box.open(a, 'ctx')).toBe('whsec_abc');
    expect(box.open(box.seal('', ''), '')).toBe('');
    expect(box.open(box.seal('é ✓ 🔑', 'x'), 'x')).toBe('é ✓ 🔑');
  });

  it('is plain AES-256-GCM: node:crypto opens the envelope on its own', () => {
    const [, iv, tag, ct] = new SealedBox(key).seal('interoperable', 'aad').split('.');
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
    d.setAAD(Buffer.from('aad'));
    d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    expect(Buffer.concat([d.update(Buffer.from(ct ?? '', 'base64url')), d.final()]).toString()).toBe(
      'interoperable',
    );
  });

  it('detects tampering with any part', () => {
    const box = new SealedBox(key);
    const sealed = box.seal('secret value', 'ctx');
    const parts = sealed.split('.');
    for (const i of [1, 2, 3]) {
      const bytes = Buffer.from(parts[i] ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      const altered = parts.map((p, j) => (j === i ? bytes.toString('base64url') : p)).join('.');
      expect(() => box.open(altered, 'ctx')).toThrow(SealedBoxError);
    }
    expect(() => box.open(sealed, 'another row')).toThrow(SealedBoxError);
    expect(() => box.open(sealed.replace(/^v1/, 'v2'), 'ctx')).toThrow(/not a v1/);
    expect(() => box.open('v1.abc', 'ctx')).toThrow(SealedBoxError);
  });

  it('refuses to open with another key', () => {
    const sealed = new SealedBox(key).seal('secret');
    expect(() => new SealedBox(randomBytes(32)).open(sealed)).toThrow(/another key/);
  });

  it('takes only 32-byte keys, as hex or base64', () => {
    expect(() => new SealedBox(randomBytes(16))).toThrow(RangeError);
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64url'))).toEqual(key);
    expect(parseSecretsKey('00'.repeat(31))).toBeUndefined();
    expect(parseSecretsKey('not a key')).toBeUndefined();
  });

  it('generates the key file once, 0600, and reads it back on the next start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch-box-'));
    try {
      const first = await openSecretsKey(undefined, dir);
      const file = path.join(dir, 'keys', 'secrets.key');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const sealed = first.seal('kept');
      expect((await openSecretsKey(undefined, dir)).open(sealed)).toBe('kept');
      const configured = await openSecretsKey(key.toString('hex'), dir);
      expect(() => configured.open(sealed)).toThrow(SealedBoxError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDirectory, writeFileAtomic } from '../signing/atomic-file.js';

/**
 * Secrets at rest (webhook signing secrets today; model-endpoint credentials later): AES-256-GCM
 * with a fresh 96-bit nonce per seal, in a versioned text envelope that fits a text column:
 *
 *   v1.<iv>.<tag>.<ciphertext>      (each part base64url)
 *
 * `context` is bound as additional authenticated data: a sealed value copied into another row or
 * column (a different context) does not open. The version prefix lets a later key or algorithm
 * come in beside this one without rewriting every row at once.
 */

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBoxError';
  }
}

export class SealedBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new RangeError(`a sealed-box key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws SealedBoxError when the envelope is malformed, altered, or sealed with another key or context. */
  open(envelope: string, context = ''): string {
    const parts = envelope.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SealedBoxError(`not a ${VERSION} sealed-box envelope`);
    }
    const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
    if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || ciphertext === undefined) {
      throw new SealedBoxError('malformed sealed-box envelope');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedBoxError('the sealed value was altered, or sealed with another key');
    }
  }
}

/** A 32-byte key written as 64 hex digits or as base64 / base64url; undefined when it is neither. */
export function parseSecretsKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  return undefined;
}

/**
 * The configured key, or the one kept at `<dataDir>/keys/secrets.key` (0600), generated on first
 * start. Losing that file makes every sealed secret unreadable: back it up with the database.
 */
export async function openSecretsKey(configured: string | undefined, dataDir: string): Promise<SealedBox> {
  if (configured !== undefined) {
    const key = parseSecretsKey(configured);
    if (!key) throw new SealedBoxError('CH_SECRETS_KEY must be 32 bytes as hex or base64');
    return new SealedBox(key);
  }
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, 'secrets.key');
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    await ensurePrivateDirectory(dir);
    await writeFileAtomic(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, 0o600);
    // Read back what is there: of two processes starting together, the last rename wins for both.
    text = await readFile(file, 'utf8');
  }
  const key = parseSecretsKey(text);
  if (!key) throw new SealedBoxError(`${file} does not hold a 32-byte key (64 hex digits)`);
  return new SealedBox(key);
}

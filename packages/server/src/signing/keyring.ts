import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { z } from 'zod';
import { AppError } from '../lib/errors.js';
import { ensurePrivateDirectory, writeFileAtomic } from './atomic-file.js';
import { signDetached, verifyDetached } from './openpgp-detached.js';

/**
 * The OpenPGP keys that sign published CSAF files (CSAF 2.0 §7.1.20: every file gets a
 * detached, ASCII-armored `.asc` signature). One key is active and signs; retired keys are
 * kept so signatures made before a rotation still verify and their public keys can still be
 * published under `/.well-known/csaf/openpgp/`.
 *
 * On disk, under `dir` (mode 0700):
 * - `keys.json`: the index, `{ version: 1, keys: [{ fingerprint, createdAt, retiredAt, active }] }`;
 * - `<FINGERPRINT>.private.asc` (mode 0600): the armored private key, passphrase-protected
 *   when a passphrase is configured;
 * - `<FINGERPRINT>.public.asc` (mode 0644): the armored public key.
 * Key files are written before the index, each atomically, so a crash leaves either the old
 * keyring or the new one, at worst plus an unreferenced key file.
 *
 * Generated keys are EdDSA on Ed25519 in the v4 "legacy" encoding, the form GnuPG 2.2 and
 * later verify, with no encryption subkey. Signatures are binary-mode (type 0x00) over the
 * exact bytes, like `gpg --detach-sign --armor`.
 *
 * Key material and passphrases never appear in an error message or a log line.
 */

export interface SigningUserId {
  name: string;
  email: string;
}

export interface SigningKeyringOptions {
  userId: SigningUserId;
  /**
   * A private key from configuration. On first open it becomes the active key instead of a
   * generated one. On a later open: already active → nothing changes; unknown → it is
   * imported and becomes active, the previous key is retired; retired → `conflict`.
   */
  importArmoredPrivateKey?: string;
  /** Protects private keys at rest; needed to open a keyring whose keys were stored with one. */
  passphrase?: string;
  clock?: () => Date;
}

export interface ActiveSigningKey {
  fingerprint: string;
  armoredPublicKey: string;
  createdAt: string;
}

export interface PublicSigningKey extends ActiveSigningKey {
  retiredAt: string | null;
}

export interface DetachedSignature {
  armoredSignature: string;
  fingerprint: string;
}

export interface SignatureCheck {
  valid: boolean;
  /** The key that made the signature, when `valid`; otherwise null. */
  fingerprint: string | null;
}

export interface KeyRotation {
  previous: string;
  current: string;
}

const INDEX_FILE = 'keys.json';
const PRIVATE_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;

/** Uppercase hex, as GnuPG prints it. Also keeps file names derived from it safe. */
const Fingerprint = z.string().regex(/^[0-9A-F]{40}([0-9A-F]{24})?$/);

export const KeyIndexEntry = z.object({
  fingerprint: Fingerprint,
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
  active: z.boolean(),
});
export type KeyIndexEntry = z.infer<typeof KeyIndexEntry>;

export const KeyIndex = z
  .object({ version: z.literal(1), keys: z.array(KeyIndexEntry).min(1) })
  .refine((index) => index.keys.filter((k) => k.active).length === 1, 'exactly one key must be active')
  .refine(
    (index) => index.keys.every((k) => k.active === (k.retiredAt === null)),
    'retired keys are inactive',
  )
  .refine(
    (index) => new Set(index.keys.map((k) => k.fingerprint)).size === index.keys.length,
    'fingerprints are unique',
  );
export type KeyIndex = z.infer<typeof KeyIndex>;

interface LoadedKey {
  entry: KeyIndexEntry;
  publicKey: openpgp.PublicKey;
  armoredPublicKey: string;
}

interface ActiveKey extends LoadedKey {
  privateKey: openpgp.PrivateKey;
}

export class SigningKeyring {
  readonly #dir: string;
  readonly #userId: SigningUserId;
  readonly #passphrase: string | undefined;
  readonly #clock: () => Date;
  #keys: LoadedKey[];
  #active: ActiveKey;
  /** Serialises rotations so two concurrent calls cannot both retire the same key. */
  #pending: Promise<unknown> = Promise.resolve();

  private constructor(
    dir: string,
    opts: SigningKeyringOptions,
    clock: () => Date,
    keys: LoadedKey[],
    active: ActiveKey,
  ) {
    this.#dir = dir;
    this.#userId = opts.userId;
    this.#passphrase = opts.passphrase;
    this.#clock = clock;
    this.#keys = keys;
    this.#active = active;
  }

  static async open(dir: string, opts: SigningKeyringOptions): Promise<SigningKeyring> {
    const clock = opts.clock ?? (() => new Date());
    await ensurePrivateDirectory(dir);
    const index = await readIndex(dir);

    if (index === undefined) {
      const created =
        opts.importArmoredPrivateKey === undefined
          ? await generate(opts.userId, clock())
          : await importPrivateKey(opts.importArmoredPrivateKey, opts.passphrase);
      const entry: KeyIndexEntry = {
        fingerprint: fingerprintOf(created),
        createdAt: created.getCreationTime().toISOString(),
        retiredAt: null,
        active: true,
      };
      await writeKeyFiles(dir, created, opts.passphrase);
      await writeIndex(dir, { version: 1, keys: [entry] });
      const active = toActive(entry, created);
      return new SigningKeyring(dir, opts, clock, [active], active);
    }

    const keys = await Promise.all(index.keys.map((entry) => loadPublic(dir, entry)));
    const activeEntry = index.keys.find((k) => k.active);
    if (activeEntry === undefined) throw new Error('unreachable: the index schema requires an active key');
    const privateKey = await loadPrivate(dir, activeEntry, opts.passphrase);
    const activeLoaded = keys.find((k) => k.entry.fingerprint === activeEntry.fingerprint);
    if (activeLoaded === undefined) throw new Error('unreachable: the active key was loaded');
    const keyring = new SigningKeyring(dir, opts, clock, keys, { ...activeLoaded, privateKey });

    if (opts.importArmoredPrivateKey !== undefined) {
      const configured = await importPrivateKey(opts.importArmoredPrivateKey, opts.passphrase);
      const fingerprint = fingerprintOf(configured);
      const known = keys.find((k) => k.entry.fingerprint === fingerprint);
      if (known === undefined) {
        await keyring.#install(configured, clock());
      } else if (!known.entry.active) {
        throw new AppError(
          'conflict',
          `the configured signing key ${fingerprint} was retired; configure a new key or remove the setting`,
        );
      }
    }
    return keyring;
  }

  activeKey(): ActiveSigningKey {
    const { entry, armoredPublicKey } = this.#active;
    return { fingerprint: entry.fingerprint, armoredPublicKey, createdAt: entry.createdAt };
  }

  /** Every key, active and retired, oldest first. */
  publicKeys(): PublicSigningKey[] {
    return this.#keys.map(({ entry, armoredPublicKey }) => ({
      fingerprint: entry.fingerprint,
      armoredPublicKey,
      createdAt: entry.createdAt,
      retiredAt: entry.retiredAt,
    }));
  }

  /** A detached, armored signature over the exact bytes (a string is signed as its UTF-8). */
  async sign(data: Uint8Array | string): Promise<DetachedSignature> {
    const active = this.#active;
    const armoredSignature = await signDetached(toBytes(data), active.privateKey, this.#clock());
    return { armoredSignature, fingerprint: active.entry.fingerprint };
  }

  /**
   * Checks a detached signature against every key in the keyring, active or retired. A
   * malformed signature, a signature by an unknown key and a signature over other data all
   * give `{ valid: false, fingerprint: null }`.
   */
  async verify(data: Uint8Array | string, armoredSignature: string): Promise<SignatureCheck> {
    const invalid: SignatureCheck = { valid: false, fingerprint: null };
    let signature: openpgp.Signature;
    try {
      signature = await openpgp.readSignature({ armoredSignature });
    } catch {
      return invalid;
    }
    const keys = this.#keys;
    const results = await verifyDetached(
      toBytes(data),
      signature,
      keys.map((k) => k.publicKey),
      this.#clock(),
    );
    // Settle every result, not only up to the first good one, so no rejection goes unhandled.
    const outcomes = await Promise.allSettled(results.map((r) => r.verified));
    for (const [i, outcome] of outcomes.entries()) {
      const candidate = results[i];
      if (outcome.status !== 'fulfilled' || candidate === undefined) continue;
      const signer = keys.find((k) => k.publicKey.getKeys(candidate.keyID).length > 0);
      if (signer !== undefined) return { valid: true, fingerprint: signer.entry.fingerprint };
    }
    return invalid;
  }

  /** Generates a new active key; the previous one is retired but kept for verification. */
  async rotate(): Promise<KeyRotation> {
    const run = this.#pending.then(async () => {
      const previous = this.#active.entry.fingerprint;
      const now = this.#clock();
      const created = await generate(this.#userId, now);
      await this.#install(created, now);
      return { previous, current: this.#active.entry.fingerprint };
    });
    this.#pending = run.catch(() => undefined);
    return run;
  }

  /** Persists `key` as the new active key and retires the current one: files, index, memory. */
  async #install(key: openpgp.PrivateKey, retiredAt: Date): Promise<void> {
    const entry: KeyIndexEntry = {
      fingerprint: fingerprintOf(key),
      createdAt: key.getCreationTime().toISOString(),
      retiredAt: null,
      active: true,
    };
    const retired = this.#keys.map((k) =>
      k.entry.active ? { ...k, entry: { ...k.entry, active: false, retiredAt: retiredAt.toISOString() } } : k,
    );
    await writeKeyFiles(this.#dir, key, this.#passphrase);
    await writeIndex(this.#dir, { version: 1, keys: [...retired.map((k) => k.entry), entry] });
    const active = toActive(entry, key);
    this.#keys = [...retired, active];
    this.#active = active;
  }
}

async function generate(userId: SigningUserId, date: Date): Promise<openpgp.PrivateKey> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: userId.name, email: userId.email }],
    subkeys: [],
    date,
    format: 'object',
  });
  return privateKey;
}

/** Reads a configured private key and checks it can sign. Returns it decrypted. */
async function importPrivateKey(
  armored: string,
  passphrase: string | undefined,
): Promise<openpgp.PrivateKey> {
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: armored });
  } catch {
    // The library's message may quote the input; say only what is wrong.
    throw new AppError(
      'validation_failed',
      'the configured signing key is not an armored OpenPGP private key',
    );
  }
  const decrypted = await unlock(key, passphrase, 'the configured signing key');
  try {
    await decrypted.getSigningKey();
  } catch {
    throw new AppError('validation_failed', 'the configured signing key has no usable signing key');
  }
  return decrypted;
}

async function unlock(
  key: openpgp.PrivateKey,
  passphrase: string | undefined,
  what: string,
): Promise<openpgp.PrivateKey> {
  if (key.isDecrypted()) return key;
  if (passphrase === undefined) {
    throw new AppError('invalid_state', `${what} is passphrase-protected and no passphrase is configured`);
  }
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase });
  } catch {
    throw new AppError('invalid_state', `${what} could not be unlocked with the configured passphrase`);
  }
}

function fingerprintOf(key: openpgp.Key): string {
  return key.getFingerprint().toUpperCase();
}

function toActive(entry: KeyIndexEntry, privateKey: openpgp.PrivateKey): ActiveKey {
  const publicKey = privateKey.toPublic();
  return { entry, privateKey, publicKey, armoredPublicKey: publicKey.armor() };
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

function privatePath(dir: string, fingerprint: string): string {
  return join(dir, `${fingerprint}.private.asc`);
}

function publicPath(dir: string, fingerprint: string): string {
  return join(dir, `${fingerprint}.public.asc`);
}

async function writeKeyFiles(dir: string, key: openpgp.PrivateKey, passphrase: string | undefined) {
  const fingerprint = fingerprintOf(key);
  const stored = passphrase === undefined ? key : await openpgp.encryptKey({ privateKey: key, passphrase });
  await writeFileAtomic(privatePath(dir, fingerprint), stored.armor(), PRIVATE_FILE_MODE);
  await writeFileAtomic(publicPath(dir, fingerprint), key.toPublic().armor(), PUBLIC_FILE_MODE);
}

async function writeIndex(dir: string, index: KeyIndex): Promise<void> {
  await writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`, PRIVATE_FILE_MODE);
}

async function readIndex(dir: string): Promise<KeyIndex | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, INDEX_FILE), 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('invalid_state', `signing key index ${INDEX_FILE} is not valid JSON`);
  }
  const parsed = KeyIndex.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'invalid_state',
      `signing key index ${INDEX_FILE} is invalid: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

async function loadPublic(dir: string, entry: KeyIndexEntry): Promise<LoadedKey> {
  const armored = await readFile(publicPath(dir, entry.fingerprint), 'utf8');
  let publicKey: openpgp.Key;
  try {
    publicKey = await openpgp.readKey({ armoredKey: armored });
  } catch {
    throw new AppError('invalid_state', `public key file for ${entry.fingerprint} is unreadable`);
  }
  if (fingerprintOf(publicKey) !== entry.fingerprint) {
    throw new AppError('invalid_state', `public key file for ${entry.fingerprint} holds a different key`);
  }
  const pub = publicKey.toPublic();
  return { entry, publicKey: pub, armoredPublicKey: pub.armor() };
}

async function loadPrivate(
  dir: string,
  entry: KeyIndexEntry,
  passphrase: string | undefined,
): Promise<openpgp.PrivateKey> {
  const armored = await readFile(privatePath(dir, entry.fingerprint), 'utf8');
  let key: openpgp.PrivateKey;
  try {
    key = await openpgp.readPrivateKey({ armoredKey: armored });
  } catch {
    throw new AppError('invalid_state', `private key file for ${entry.fingerprint} is unreadable`);
  }
  if (fingerprintOf(key) !== entry.fingerprint) {
    throw new AppError('invalid_state', `private key file for ${entry.fingerprint} holds a different key`);
  }
  return unlock(key, passphrase, `the signing key ${entry.fingerprint}`);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

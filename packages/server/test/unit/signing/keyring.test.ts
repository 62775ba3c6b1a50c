import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors.js';
import { SigningKeyring } from '../../../src/signing/keyring.js';

const run = promisify(execFile);
const userId = { name: 'Clearinghouse CSAF signing', email: 'csaf@clearinghouse.example' };
const advisory = JSON.stringify({ document: { tracking: { id: 'CH-2026-0042' } } }, null, 2);
const serverPackageDir = fileURLToPath(new URL('../../..', import.meta.url));
const gpgAvailable = spawnSync('gpg', ['--version'], { stdio: 'ignore' }).status === 0;

let dir: string;
let keysDir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ch-signing-'));
  keysDir = join(dir, 'data', 'keys');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function foreignKey(passphrase?: string) {
  return openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: 'Imported', email: 'imported@example.org' }],
    ...(passphrase === undefined ? {} : { passphrase }),
    format: 'armored',
  });
}

async function fingerprintOfArmored(armoredKey: string): Promise<string> {
  return (await openpgp.readKey({ armoredKey })).getFingerprint().toUpperCase();
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function mode(s: { mode: number }): number {
  return s.mode & 0o777;
}

describe('SigningKeyring: first open', () => {
  it('generates an Ed25519 key, persists it with private modes, and re-opens to the same key', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const active = keyring.activeKey();
    expect(active.fingerprint).toMatch(/^[0-9A-F]{40}$/);

    const publicKey = await openpgp.readKey({ armoredKey: active.armoredPublicKey });
    expect(publicKey.isPrivate()).toBe(false);
    expect(publicKey.getAlgorithmInfo()).toEqual({ algorithm: 'eddsaLegacy', curve: 'ed25519Legacy' });
    expect((await publicKey.getPrimaryUser()).user.userID?.userID).toBe(
      'Clearinghouse CSAF signing <csaf@clearinghouse.example>',
    );
    expect(active.armoredPublicKey).not.toContain('PRIVATE KEY');

    expect(mode(await stat(keysDir))).toBe(0o700);
    expect(mode(await stat(join(keysDir, `${active.fingerprint}.private.asc`)))).toBe(0o600);
    expect(mode(await stat(join(keysDir, 'keys.json')))).toBe(0o600);
    expect((await readdir(keysDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const index: unknown = JSON.parse(await readFile(join(keysDir, 'keys.json'), 'utf8'));
    expect(index).toEqual({
      version: 1,
      keys: [{ fingerprint: active.fingerprint, createdAt: active.createdAt, retiredAt: null, active: true }],
    });

    const reopened = await SigningKeyring.open(keysDir, { userId });
    expect(reopened.activeKey()).toEqual(active);
    // The re-opened keyring holds the same private key: it can sign for the same fingerprint.
    const { armoredSignature, fingerprint } = await reopened.sign(advisory);
    expect(fingerprint).toBe(active.fingerprint);
    expect(await keyring.verify(advisory, armoredSignature)).toEqual({ valid: true, fingerprint });
  });

  it('takes the creation time from the injected clock', async () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    const keyring = await SigningKeyring.open(keysDir, { userId, clock: () => now });
    expect(keyring.activeKey().createdAt).toBe('2026-01-02T03:04:05.000Z'); // OpenPGP keeps whole seconds
    const { armoredSignature } = await keyring.sign(advisory);
    const signature = await openpgp.readSignature({ armoredSignature });
    expect(signature.packets[0]?.created?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect((await keyring.verify(advisory, armoredSignature)).valid).toBe(true);
  });
});

describe('SigningKeyring: sign and verify', () => {
  it('makes a detached armored binary signature that verifies, for strings and bytes alike', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const { armoredSignature, fingerprint } = await keyring.sign(advisory);
    expect(armoredSignature).toMatch(/^-----BEGIN PGP SIGNATURE-----\n[\s\S]+-----END PGP SIGNATURE-----\n$/);
    expect(fingerprint).toBe(keyring.activeKey().fingerprint);

    const signature = await openpgp.readSignature({ armoredSignature });
    expect(signature.packets[0]?.signatureType).toBe(openpgp.enums.signature.binary);

    const bytes = new TextEncoder().encode(advisory);
    expect(await keyring.verify(bytes, armoredSignature)).toEqual({ valid: true, fingerprint });
    const fromBytes = await keyring.sign(bytes);
    expect(await keyring.verify(advisory, fromBytes.armoredSignature)).toEqual({ valid: true, fingerprint });
  });

  it('rejects tampered data, including a changed line ending', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const { armoredSignature } = await keyring.sign(advisory);
    const invalid = { valid: false, fingerprint: null };
    expect(await keyring.verify(advisory.replace('0042', '0043'), armoredSignature)).toEqual(invalid);
    expect(await keyring.verify(`${advisory}\n`, armoredSignature)).toEqual(invalid);
    expect(await keyring.verify(advisory.replaceAll('\n', '\r\n'), armoredSignature)).toEqual(invalid);
  });

  it('rejects a malformed signature and a signature by a key outside the keyring', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const invalid = { valid: false, fingerprint: null };
    expect(await keyring.verify(advisory, 'not a signature')).toEqual(invalid);

    const other = await openpgp.readPrivateKey({ armoredKey: (await foreignKey()).privateKey });
    const foreignSignature = await openpgp.sign({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode(advisory) }),
      signingKeys: other,
      detached: true,
    });
    expect(await keyring.verify(advisory, foreignSignature)).toEqual(invalid);
  });
});

describe('SigningKeyring: rotation', () => {
  it('activates a new key, retires the old one, and keeps old signatures verifiable', async () => {
    let now = new Date('2026-03-01T00:00:00Z');
    const keyring = await SigningKeyring.open(keysDir, { userId, clock: () => now });
    const first = keyring.activeKey().fingerprint;
    const oldSignature = await keyring.sign(advisory);

    now = new Date('2026-06-01T00:00:00Z');
    const rotation = await keyring.rotate();
    expect(rotation.previous).toBe(first);
    expect(rotation.current).not.toBe(first);
    expect(keyring.activeKey().fingerprint).toBe(rotation.current);

    expect(await keyring.verify(advisory, oldSignature.armoredSignature)).toEqual({
      valid: true,
      fingerprint: first,
    });
    const newSignature = await keyring.sign(advisory);
    expect(newSignature.fingerprint).toBe(rotation.current);
    const issuer = (
      await openpgp.readSignature({ armoredSignature: newSignature.armoredSignature })
    ).getSigningKeyIDs();
    expect(issuer.map((id) => id.toHex().toUpperCase())).toEqual([rotation.current.slice(-16)]);
    expect(await keyring.verify(advisory, newSignature.armoredSignature)).toEqual({
      valid: true,
      fingerprint: rotation.current,
    });

    const expected = [
      { fingerprint: first, createdAt: '2026-03-01T00:00:00.000Z', retiredAt: '2026-06-01T00:00:00.000Z' },
      { fingerprint: rotation.current, createdAt: '2026-06-01T00:00:00.000Z', retiredAt: null },
    ];
    expect(keyring.publicKeys()).toMatchObject(expected);

    // The rotation survives a restart; the retired key still verifies after it.
    const reopened = await SigningKeyring.open(keysDir, { userId, clock: () => now });
    expect(reopened.activeKey().fingerprint).toBe(rotation.current);
    expect(reopened.publicKeys()).toMatchObject(expected);
    expect((await reopened.verify(advisory, oldSignature.armoredSignature)).fingerprint).toBe(first);
    expect(mode(await stat(join(keysDir, `${rotation.current}.private.asc`)))).toBe(0o600);
    expect(mode(await stat(join(keysDir, `${first}.private.asc`)))).toBe(0o600);
  });

  it('serialises concurrent rotations: every key but the last is retired', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const first = keyring.activeKey().fingerprint;
    const [a, b] = await Promise.all([keyring.rotate(), keyring.rotate()]);
    expect(a.previous).toBe(first);
    expect(b.previous).toBe(a.current);
    const keys = (await SigningKeyring.open(keysDir, { userId })).publicKeys();
    expect(keys.map((k) => k.fingerprint)).toEqual([first, a.current, b.current]);
    expect(keys.map((k) => k.retiredAt === null)).toEqual([false, false, true]);
  });
});

describe('SigningKeyring: configured key', () => {
  it('imports a provided armored private key as the active key', async () => {
    const provided = await foreignKey();
    const expected = await fingerprintOfArmored(provided.publicKey);
    const keyring = await SigningKeyring.open(keysDir, {
      userId,
      importArmoredPrivateKey: provided.privateKey,
    });
    expect(keyring.activeKey().fingerprint).toBe(expected);
    const { armoredSignature, fingerprint } = await keyring.sign(advisory);
    expect(fingerprint).toBe(expected);

    // Verified by the provided public key itself, not by the keyring.
    const result = await openpgp.verify({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode(advisory) }),
      signature: await openpgp.readSignature({ armoredSignature }),
      verificationKeys: (await openpgp.readKey({ armoredKey: provided.publicKey })).toPublic(),
    });
    await expect(result.signatures[0]?.verified).resolves.toBe(true);

    // Re-opening with the same configuration changes nothing.
    const again = await SigningKeyring.open(keysDir, {
      userId,
      importArmoredPrivateKey: provided.privateKey,
    });
    expect(again.publicKeys()).toHaveLength(1);
    expect(again.activeKey().fingerprint).toBe(expected);
  });

  it('switches to a newly configured key, retiring the previous one; a retired key is refused', async () => {
    const first = await SigningKeyring.open(keysDir, { userId });
    const generated = first.activeKey().fingerprint;
    const provided = await foreignKey();
    const keyring = await SigningKeyring.open(keysDir, {
      userId,
      importArmoredPrivateKey: provided.privateKey,
    });
    const imported = await fingerprintOfArmored(provided.publicKey);
    expect(keyring.activeKey().fingerprint).toBe(imported);
    expect(keyring.publicKeys().map((k) => [k.fingerprint, k.retiredAt === null])).toEqual([
      [generated, false],
      [imported, true],
    ]);

    await keyring.rotate();
    const error = await caught(
      SigningKeyring.open(keysDir, { userId, importArmoredPrivateKey: provided.privateKey }),
    );
    expect(error.code).toBe('conflict');
  });

  it('imports a passphrase-protected key with its passphrase and refuses it without', async () => {
    const passphrase = 'correct horse battery staple';
    const provided = await foreignKey(passphrase);
    const without = await caught(
      SigningKeyring.open(keysDir, { userId, importArmoredPrivateKey: provided.privateKey }),
    );
    expect(without.code).toBe('invalid_state');
    const wrong = await caught(
      SigningKeyring.open(keysDir, {
        userId,
        importArmoredPrivateKey: provided.privateKey,
        passphrase: 'wrong passphrase',
      }),
    );
    expect(wrong.code).toBe('invalid_state');
    expect(wrong.message).not.toContain('wrong passphrase');

    const keyring = await SigningKeyring.open(keysDir, {
      userId,
      importArmoredPrivateKey: provided.privateKey,
      passphrase,
    });
    expect(keyring.activeKey().fingerprint).toBe(await fingerprintOfArmored(provided.publicKey));
    const { armoredSignature } = await keyring.sign(advisory);
    expect((await keyring.verify(advisory, armoredSignature)).valid).toBe(true);
  });

  it('rejects input that is not a private key without echoing it', async () => {
    const provided = await foreignKey();
    for (const input of [provided.publicKey, 'secret-looking garbage 1234']) {
      const error = await caught(SigningKeyring.open(keysDir, { userId, importArmoredPrivateKey: input }));
      expect(error.code).toBe('validation_failed');
      expect(error.message).not.toContain(input.slice(0, 40));
      expect(error.message).not.toContain('BEGIN PGP');
    }
    // Nothing was written for a refused key.
    await expect(readFile(join(keysDir, 'keys.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('SigningKeyring: keys at rest', () => {
  it('stores private keys encrypted when a passphrase is set, and needs it to re-open', async () => {
    const passphrase = 'a long configured passphrase';
    const keyring = await SigningKeyring.open(keysDir, { userId, passphrase });
    const { fingerprint } = keyring.activeKey();
    const stored = await readFile(join(keysDir, `${fingerprint}.private.asc`), 'utf8');
    expect((await openpgp.readPrivateKey({ armoredKey: stored })).isDecrypted()).toBe(false);

    const error = await caught(SigningKeyring.open(keysDir, { userId }));
    expect(error.code).toBe('invalid_state');
    expect(error.message).not.toContain(passphrase);
    expect(error.message).not.toContain('BEGIN PGP');

    const reopened = await SigningKeyring.open(keysDir, { userId, passphrase });
    expect((await reopened.sign(advisory)).fingerprint).toBe(fingerprint);
    await reopened.rotate();
    const rotated = reopened.activeKey().fingerprint;
    const rotatedStored = await readFile(join(keysDir, `${rotated}.private.asc`), 'utf8');
    expect((await openpgp.readPrivateKey({ armoredKey: rotatedStored })).isDecrypted()).toBe(false);
  });

  it('refuses a corrupted index or a key file that does not match it', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const { fingerprint } = keyring.activeKey();
    const indexPath = join(keysDir, 'keys.json');
    const index = await readFile(indexPath, 'utf8');

    await writeFile(indexPath, index.replace('"active": true', '"active": false'));
    expect((await caught(SigningKeyring.open(keysDir, { userId }))).code).toBe('invalid_state');
    await writeFile(indexPath, '{');
    expect((await caught(SigningKeyring.open(keysDir, { userId }))).code).toBe('invalid_state');

    await writeFile(indexPath, index);
    const other = await foreignKey();
    await writeFile(join(keysDir, `${fingerprint}.public.asc`), other.publicKey);
    const error = await caught(SigningKeyring.open(keysDir, { userId }));
    expect(error.code).toBe('invalid_state');
    expect(error.message).not.toContain('BEGIN PGP');
  });
});

describe('SigningKeyring: independent verification', () => {
  async function writeSignedFiles(keyring: SigningKeyring) {
    const file = join(dir, 'ch-2026-0042.json');
    await writeFile(file, advisory);
    await writeFile(`${file}.asc`, (await keyring.sign(advisory)).armoredSignature);
    const keyFile = join(dir, 'public.asc');
    await writeFile(
      keyFile,
      keyring
        .publicKeys()
        .map((k) => k.armoredPublicKey)
        .join('\n'),
    );
    return { file, keyFile };
  }

  it.skipIf(!gpgAvailable)(
    gpgAvailable
      ? 'gpg --verify accepts our signatures, old and new, and rejects tampering'
      : 'gpg --verify check SKIPPED: gpg is not installed (the fresh-process openpgp check below still runs)',
    async () => {
      const keyring = await SigningKeyring.open(keysDir, { userId });
      const first = keyring.activeKey().fingerprint;
      const oldFile = join(dir, 'old.json');
      await writeFile(oldFile, advisory);
      await writeFile(`${oldFile}.asc`, (await keyring.sign(advisory)).armoredSignature);
      await keyring.rotate();
      const { file, keyFile } = await writeSignedFiles(keyring);

      const home = await mkdtemp(join(tmpdir(), 'ch-gnupg-'));
      const env = { ...process.env, GNUPGHOME: home };
      const gpg = (...args: string[]) => run('gpg', ['--batch', '--no-tty', ...args], { env });
      try {
        await gpg('--import', keyFile);
        const current = await gpg('--status-fd', '1', '--verify', `${file}.asc`, file);
        expect(current.stdout).toContain(`[GNUPG:] VALIDSIG ${keyring.activeKey().fingerprint}`);
        const old = await gpg('--status-fd', '1', '--verify', `${oldFile}.asc`, oldFile);
        expect(old.stdout).toContain(`[GNUPG:] VALIDSIG ${first}`);

        await writeFile(file, advisory.replace('0042', '0043'));
        const tampered = gpg('--status-fd', '1', '--verify', `${file}.asc`, file);
        await expect(tampered).rejects.toMatchObject({ stdout: expect.stringContaining('[GNUPG:] BADSIG') });
      } finally {
        spawnSync('gpgconf', ['--kill', 'all'], { env, stdio: 'ignore' });
        await rm(home, { recursive: true, force: true });
      }
    },
  );

  it('a fresh Node process with its own openpgp load verifies our signature from the published key', async () => {
    const keyring = await SigningKeyring.open(keysDir, { userId });
    const { file, keyFile } = await writeSignedFiles(keyring);
    const script = `
      import { readFile } from 'node:fs/promises';
      import * as openpgp from 'openpgp';
      const [file, sigFile, keyFile] = process.argv.slice(1);
      const result = await openpgp.verify({
        message: await openpgp.createMessage({ binary: await readFile(file) }),
        signature: await openpgp.readSignature({ armoredSignature: await readFile(sigFile, 'utf8') }),
        verificationKeys: await openpgp.readKeys({ armoredKeys: await readFile(keyFile, 'utf8') }),
      });
      try { await result.signatures[0].verified; console.log('GOOD ' + result.signatures[0].keyID.toHex()); }
      catch { console.log('BAD'); }
    `;
    const verifyInChild = async () =>
      (
        await run(process.execPath, ['--input-type=module', '-e', script, file, `${file}.asc`, keyFile], {
          cwd: serverPackageDir,
        })
      ).stdout.trim();

    expect(await verifyInChild()).toBe(`GOOD ${keyring.activeKey().fingerprint.slice(-16).toLowerCase()}`);
    await writeFile(file, advisory.replace('0042', '0043'));
    expect(await verifyInChild()).toBe('BAD');
  });
});

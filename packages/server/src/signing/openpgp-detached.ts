import * as openpgp from 'openpgp';

/*
 * openpgp's declarations type `sign` and `verify` results through its optional peer
 * `@openpgp/web-stream-tools`, which we do not install (we never stream), so the type checker
 * sees those results as unresolved. These two wrappers take bytes only and check the shape
 * of what comes back, so the rest of the keyring works with plain, checked types.
 */

export interface DetachedVerification {
  keyID: openpgp.KeyID;
  /** Resolves when the signature is valid; rejects otherwise. */
  verified: Promise<unknown>;
}

/** A binary-mode (type 0x00), detached, ASCII-armored signature over `bytes`. */
export async function signDetached(bytes: Uint8Array, key: openpgp.PrivateKey, date: Date): Promise<string> {
  const armored: unknown = await openpgp.sign({
    message: await openpgp.createMessage({ binary: bytes }),
    signingKeys: key,
    detached: true,
    format: 'armored',
    date,
  });
  if (typeof armored !== 'string') throw new Error('openpgp returned a signature that is not armored text');
  return armored;
}

/**
 * One entry per signature packet; `verified` settles to tell whether it holds for `bytes`.
 * The caller must settle every entry's `verified`, or a rejection goes unhandled.
 */
export async function verifyDetached(
  bytes: Uint8Array,
  signature: openpgp.Signature,
  keys: openpgp.PublicKey[],
  date: Date,
): Promise<DetachedVerification[]> {
  const result: unknown = await openpgp.verify({
    message: await openpgp.createMessage({ binary: bytes }),
    signature,
    verificationKeys: keys,
    format: 'binary',
    date,
  });
  if (typeof result !== 'object' || result === null || !('signatures' in result)) return [];
  const { signatures } = result;
  if (!Array.isArray(signatures)) return [];
  const checked = signatures.filter(isVerification);
  if (checked.length !== signatures.length)
    throw new Error('openpgp returned a verification result of unknown shape');
  return checked;
}

function isVerification(value: unknown): value is DetachedVerification {
  // openpgp does not export KeyID as a runtime value, so its shape is checked instead.
  return (
    typeof value === 'object' &&
    value !== null &&
    'keyID' in value &&
    typeof value.keyID === 'object' &&
    value.keyID !== null &&
    'toHex' in value.keyID &&
    'verified' in value &&
    value.verified instanceof Promise
  );
}

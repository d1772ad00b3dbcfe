/**
 * Signed tree heads, as a Certificate Transparency log signs them (RFC 9162 §4.10): the log's size,
 * its root hash and a timestamp, signed with Ed25519 by a key kept outside the database. Whoever
 * holds a copy of a head (published elsewhere: a ticket, an email to the DPO, another LA's archive)
 * can later demand a consistency proof and so tell whether the log was rewritten since.
 */
import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';

export interface SignedTreeHead {
  /** How many events the log held. */
  treeSize: number;
  /** Hex SHA-256 root of the Merkle tree over those events. */
  rootHash: string;
  /** When it was signed (ISO 8601 instant). */
  timestamp: string;
  /** Hex SHA-256 of the signing key's public key (SPKI DER): which key to check it with. */
  keyId: string;
  /** Base64 Ed25519 signature over `treeHeadMessage`. */
  signature: string;
}

/** What is signed: a versioned, line-separated text, so any tool can rebuild it byte for byte. */
export const treeHeadMessage = (
  head: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>,
) =>
  Buffer.from(
    `attendance-casework tree head v1\n${head.treeSize}\n${head.timestamp}\n${head.rootHash}\n`,
    'utf8',
  );

/**
 * The signing port: a key file on the embedded default (`KeyFileSigner`); a KMS or HSM adapter
 * only has to sign bytes with Ed25519 and say which public key checks them.
 */
export interface TreeHeadSigner {
  readonly publicKeyPem: string;
  readonly keyId: string;
  sign(message: Buffer): Promise<Buffer>;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

export async function signTreeHead(
  signer: TreeHeadSigner,
  head: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>,
): Promise<SignedTreeHead> {
  const signature = await signer.sign(treeHeadMessage(head));
  return { ...head, keyId: signer.keyId, signature: signature.toString('base64') };
}

/** True when the head was signed by the key whose public half is given. */
export function treeHeadSignatureHolds(head: SignedTreeHead, publicKeyPem: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    return (
      head.keyId === keyIdOf(key) &&
      verify(null, treeHeadMessage(head), key, Buffer.from(head.signature, 'base64'))
    );
  } catch {
    return false;
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PersonalDetails, SealedDetails } from '@app/domain';
import type { KeyStore } from './key-store.port';

/** GCM's recommended nonce: 96 bits, fresh for every seal (NIST SP 800-38D 8.2). */
const IV_BYTES = 12;
/** Binds a ciphertext to its person, so details cannot be moved to another person's event. */
const aad = (personId: string) => Buffer.from(`attendance-casework:person:${personId}`, 'utf8');

/**
 * Seals a person's details under their own data key (AES-256-GCM, node:crypto) and opens them
 * again. Once the key is destroyed, `open` answers undefined: the details are erased.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: KeyStore) {}

  async seal(personId: string, details: PersonalDetails): Promise<SealedDetails> {
    const key = await this.keys.keyFor(personId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(personId));
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(details), 'utf8'),
      cipher.final(),
    ]);
    return {
      alg: 'A256GCM',
      keyId: personId,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The details, or undefined when the person's key is gone (erased). A forged seal throws. */
  async open(sealed: SealedDetails): Promise<PersonalDetails | undefined> {
    const key = await this.keys.find(sealed.keyId);
    if (!key) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad(sealed.keyId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as PersonalDetails;
  }

  /** Destroys the person's key: every seal under it becomes unreadable, for good. */
  shred(personId: string): Promise<void> {
    return this.keys.destroy(personId);
  }
}

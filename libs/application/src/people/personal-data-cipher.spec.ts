import type { PersonalDetails } from '@app/domain';
import { MemoryKeyStore } from './memory-key-store';
import { PersonalDataCipher } from './personal-data-cipher';

const details: PersonalDetails = {
  givenName: 'Jane',
  familyName: 'Smith',
  address: { lines: ['1 High Street'], town: 'Leeds', postcode: 'LS1 1AA' },
  email: 'jane@example.org',
};

describe('sealing personal details (AES-256-GCM under the person’s own key)', () => {
  it('opens what it sealed', async () => {
    const cipher = new PersonalDataCipher(new MemoryKeyStore());
    await expect(cipher.open(await cipher.seal('mum', details))).resolves.toEqual(details);
  });

  it('keeps nothing of the details readable in the seal', async () => {
    const sealed = await new PersonalDataCipher(new MemoryKeyStore()).seal('mum', details);
    expect(JSON.stringify(sealed)).not.toMatch(/Jane|Smith|High Street|LS1|example\.org/);
    expect(sealed).toMatchObject({ alg: 'A256GCM', keyId: 'mum' });
  });

  it('seals the same details differently each time (a fresh nonce)', async () => {
    const cipher = new PersonalDataCipher(new MemoryKeyStore());
    const [a, b] = [await cipher.seal('mum', details), await cipher.seal('mum', details)];
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.iv).not.toBe(b.iv);
  });

  it('opens nothing once the person’s key is shredded, and other people still open', async () => {
    const cipher = new PersonalDataCipher(new MemoryKeyStore());
    const mum = await cipher.seal('mum', details);
    const dad = await cipher.seal('dad', { ...details, givenName: 'John' });
    await cipher.shred('mum');
    await expect(cipher.open(mum)).resolves.toBeUndefined();
    await expect(cipher.open(dad)).resolves.toMatchObject({ givenName: 'John' });
  });

  it('refuses a seal moved to another person’s id', async () => {
    const cipher = new PersonalDataCipher(new MemoryKeyStore());
    const mum = await cipher.seal('mum', details);
    await cipher.seal('dad', details);
    await expect(cipher.open({ ...mum, keyId: 'dad' })).rejects.toThrow();
  });

  it('refuses a tampered ciphertext', async () => {
    const cipher = new PersonalDataCipher(new MemoryKeyStore());
    const sealed = await cipher.seal('mum', details);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] ^= 1;
    await expect(
      cipher.open({ ...sealed, ciphertext: bytes.toString('base64') }),
    ).rejects.toThrow();
  });
});

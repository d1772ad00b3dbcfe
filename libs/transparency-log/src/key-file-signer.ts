import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
} from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keyIdOf, TreeHeadSigner } from './tree-head';

/**
 * Signs tree heads with an Ed25519 private key in a PEM file, kept apart from the event store's
 * database (default DATA_DIR/keys/, the folder 0700 and the file 0600). Someone who can rewrite
 * the database but cannot read this file cannot sign a head for a rewritten log.
 */
export class KeyFileSigner implements TreeHeadSigner {
  readonly publicKeyPem: string;
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = keyIdOf(publicKey);
  }

  /** Reads the key; with `create`, makes a new one first when the file does not exist. */
  static open(file: string, options: { create: boolean }): KeyFileSigner {
    if (!fs.existsSync(file)) {
      if (!options.create)
        throw new Error(`The tree-head signing key ${file} does not exist (TREE_HEAD_KEY_FILE).`);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      // 'wx': never overwrite a key another process wrote meanwhile.
      try {
        fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
          mode: 0o600,
          flag: 'wx',
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return new KeyFileSigner(createPrivateKey(fs.readFileSync(file)));
  }

  async sign(message: Buffer): Promise<Buffer> {
    return sign(null, message, this.privateKey);
  }
}

/**
 * Signs a tree head over the transparency log now (logging first whatever the store holds that
 * the log does not), or exports every signed head with the public key, to keep elsewhere.
 *   npm run audit:tree-head                # sign; prints the new head
 *   npm run audit:tree-head -- --export    # prints { publicKey, keyId, treeHeads }
 */
import { parseArgs } from 'node:util';
import { createEventStore, loadConfig, openTreeHeadSigner, TreeHeads } from '@app/application';
import { SqliteTransparencyLog } from '@app/transparency-log';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { export: { type: 'boolean' } } });
  const config = loadConfig();
  const store = createEventStore(config);
  const log = new SqliteTransparencyLog(config.transparencyLog.file);
  try {
    const heads = new TreeHeads(store, log, openTreeHeadSigner(config), () => new Date());
    const output = values.export ? heads.exported() : await heads.sign();
    console.log(JSON.stringify(output, null, 2));
  } finally {
    log.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});

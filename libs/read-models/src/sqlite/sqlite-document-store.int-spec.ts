import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeDocumentStoreContract } from '../testing/document-store.contract';
import { SqliteDocumentStore } from './sqlite-document-store';

describeDocumentStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-models-'));
  const store = new SqliteDocumentStore({ file: path.join(dir, 'read-models.db') });
  return {
    store,
    teardown: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

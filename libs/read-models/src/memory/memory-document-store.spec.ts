import { describeDocumentStoreContract } from '../testing/document-store.contract';
import { MemoryDocumentStore } from './memory-document-store';

describeDocumentStoreContract('Memory', async () => {
  const store = new MemoryDocumentStore();
  return { store, teardown: () => store.close() };
});

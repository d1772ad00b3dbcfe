import type { DocumentStore, UnitOfWork } from '../document-store.port';
import type { MemoryDocumentStore } from '../memory/memory-document-store';

/**
 * A store that counts, per collection, the documents it was handed to be written, and the
 * transactions that committed.
 */
export function countingWrites(store: MemoryDocumentStore) {
  const puts = new Map<string, number>();
  let commits = 0;
  const counted: DocumentStore = Object.create(store);
  counted.transaction = (work) =>
    store.transaction(async (uow) => {
      const result = await work({
        ...uow,
        get: uow.get.bind(uow),
        put: (c, id, doc) => {
          puts.set(c.name, (puts.get(c.name) ?? 0) + 1);
          uow.put(c, id, doc);
        },
        delete: uow.delete.bind(uow),
        setCheckpoint: uow.setCheckpoint.bind(uow),
      } as UnitOfWork);
      commits++;
      return result;
    });
  return { counted, puts, commits: () => commits };
}

import {
  CheckpointConflictError,
  defineCollection,
  DocumentStore,
  QueryOptions,
} from '../document-store.port';

interface Case {
  id: string;
  linkWorkerId: string;
  schoolId?: string;
  priority: number;
  tags?: string[];
}

/** Every page of a query, following nextCursor until it runs out. */
async function allPages(store: DocumentStore, options: QueryOptions): Promise<Case[]> {
  const items: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query<Case>(caseload, { ...options, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const caseload = defineCollection<Case>({
  name: 'contract.caseload',
  indexes: ['linkWorkerId', 'schoolId', 'tags'],
  sortKeys: ['priority'],
});
const other = defineCollection<Case>({ name: 'contract-other', indexes: ['linkWorkerId'] });
/** Read only by priority within an index value, so it keeps no id order there. */
const byPriority = defineCollection<Case>({
  name: 'contract.by-priority',
  indexes: ['linkWorkerId'],
  sortKeys: ['priority'],
  indexesById: false,
});

const aCase = (id: string, overrides: Partial<Case> = {}): Case => ({
  id,
  linkWorkerId: 'lw-1',
  priority: 1,
  ...overrides,
});

/** One contract for every document store: memory, SQLite and Redis. */
export function describeDocumentStoreContract(
  name: string,
  setup: () => Promise<{ store: DocumentStore; teardown(): Promise<void> }>,
) {
  describe(`${name} document store`, () => {
    let store: DocumentStore;
    let teardown: () => Promise<void>;

    beforeEach(async () => ({ store, teardown } = await setup()));
    afterEach(async () => teardown());

    it('returns a stored document as it was put', async () => {
      const doc = { ...aCase('c1', { tags: ['ehcp'] }), note: { nested: [1, 'two', null] } };
      await store.put(caseload, 'c1', doc);
      await expect(store.get(caseload, 'c1')).resolves.toEqual(doc);
    });

    it('returns nothing for an id never written', async () => {
      await expect(store.get(caseload, 'missing')).resolves.toBeUndefined();
    });

    it('replaces the whole document on a second put', async () => {
      await store.put(caseload, 'c1', aCase('c1', { schoolId: 's-1' }));
      await store.put(caseload, 'c1', aCase('c1', { priority: 5 }));
      await expect(store.get(caseload, 'c1')).resolves.toEqual(aCase('c1', { priority: 5 }));
    });

    it('forgets a deleted document, in reads and in queries', async () => {
      await store.put(caseload, 'c1', aCase('c1'));
      await store.delete(caseload, 'c1');
      await expect(store.get(caseload, 'c1')).resolves.toBeUndefined();
      const page = await store.query(caseload, { index: { field: 'linkWorkerId', value: 'lw-1' } });
      expect(page.items).toEqual([]);
    });

    it('returns many documents at once, in the order asked, with nothing for ids never written', async () => {
      await store.put(caseload, 'c1', aCase('c1'));
      await store.put(caseload, 'c2', aCase('c2', { priority: 2 }));
      await store.put(other, 'c3', aCase('c3'));
      await expect(store.getMany(caseload, ['c2', 'c3', 'c1', 'c2'])).resolves.toEqual([
        aCase('c2', { priority: 2 }),
        undefined,
        aCase('c1'),
        aCase('c2', { priority: 2 }),
      ]);
      await expect(store.getMany(caseload, [])).resolves.toEqual([]);
    });

    it('keeps collections apart', async () => {
      await store.put(caseload, 'c1', aCase('c1'));
      await expect(store.get(other, 'c1')).resolves.toBeUndefined();
    });

    describe('paging through 150 cases of one link worker by priority', () => {
      const priorities = (n: number) => ((n * 37) % 50) - 10; // repeats, negatives and zero
      beforeEach(async () => {
        await store.transaction((tx) => {
          for (let n = 0; n < 150; n++)
            tx.put(caseload, `c${n}`, aCase(`c${n}`, { priority: priorities(n) + n / 1000 }));
          for (let n = 0; n < 20; n++)
            tx.put(caseload, `x${n}`, aCase(`x${n}`, { linkWorkerId: 'lw-2' }));
        });
      });

      it('returns every case once, lowest priority first', async () => {
        const items = await allPages(store, {
          index: { field: 'linkWorkerId', value: 'lw-1' },
          sort: { field: 'priority', direction: 'asc' },
          limit: 7,
        });
        expect(items.map((i) => i.id).sort()).toEqual(
          Array.from({ length: 150 }, (_, n) => `c${n}`).sort(),
        );
        const ps = items.map((i) => i.priority);
        expect(ps).toEqual([...ps].sort((a, b) => a - b));
      });

      it('returns every case once, highest priority first', async () => {
        const items = await allPages(store, {
          index: { field: 'linkWorkerId', value: 'lw-1' },
          sort: { field: 'priority', direction: 'desc' },
          limit: 11,
        });
        expect(new Set(items.map((i) => i.id)).size).toBe(150);
        expect(items).toHaveLength(150);
        const ps = items.map((i) => i.priority);
        expect(ps).toEqual([...ps].sort((a, b) => b - a));
      });

      it('breaks ties in the sort key by id, so equal priorities page stably', async () => {
        await store.transaction((tx) => {
          for (let n = 0; n < 30; n++)
            tx.put(caseload, `t${n}`, aCase(`t${n}`, { linkWorkerId: 'lw-3', priority: 4 }));
        });
        const items = await allPages(store, {
          index: { field: 'linkWorkerId', value: 'lw-3' },
          sort: { field: 'priority' },
          limit: 4,
        });
        expect(items.map((i) => i.id)).toEqual(
          Array.from({ length: 30 }, (_, n) => `t${n}`).sort(),
        );
      });

      it('ranges over the whole collection by id when no index is given', async () => {
        const items = await allPages(store, { limit: 50 });
        expect(items).toHaveLength(170);
        expect(items.map((i) => i.id)).toEqual(items.map((i) => i.id).sort());
      });

      it('gives no cursor on the last page', async () => {
        const page = await store.query(caseload, {
          index: { field: 'linkWorkerId', value: 'lw-2' },
          limit: 20,
        });
        expect(page.items).toHaveLength(20);
        expect(page.nextCursor).toBeUndefined();
      });
    });

    it('moves a document to its new index value when the indexed field changes', async () => {
      await store.put(caseload, 'c1', aCase('c1', { linkWorkerId: 'lw-1' }));
      await store.put(caseload, 'c1', aCase('c1', { linkWorkerId: 'lw-2' }));
      const byWorker = async (value: string) =>
        (await store.query(caseload, { index: { field: 'linkWorkerId', value } })).items;
      expect(await byWorker('lw-1')).toEqual([]);
      expect(await byWorker('lw-2')).toEqual([aCase('c1', { linkWorkerId: 'lw-2' })]);
    });

    it('re-orders a document when its sort key changes', async () => {
      await store.put(caseload, 'a', aCase('a', { priority: 1 }));
      await store.put(caseload, 'b', aCase('b', { priority: 2 }));
      await store.put(caseload, 'a', aCase('a', { priority: 3 }));
      const page = await store.query(caseload, { sort: { field: 'priority', direction: 'asc' } });
      expect(page.items.map((i) => i.id)).toEqual(['b', 'a']);
    });

    it('keeps a rewritten document under the index values it kept, and only those', async () => {
      await store.put(caseload, 'c1', aCase('c1', { tags: ['ehcp', 'young-carer'] }));
      await store.put(caseload, 'c2', aCase('c2', { tags: ['ehcp'] }));
      await store.put(caseload, 'c1', aCase('c1', { tags: ['young-carer', 'sen'], priority: 4 }));
      const tagged = async (tag: string) =>
        (await store.query(caseload, { index: { field: 'tags', value: tag } })).items;
      expect(await tagged('ehcp')).toEqual([aCase('c2', { tags: ['ehcp'] })]);
      for (const tag of ['young-carer', 'sen'])
        expect(await tagged(tag)).toEqual([
          aCase('c1', { tags: ['young-carer', 'sen'], priority: 4 }),
        ]);
      const byWorker = await store.query(caseload, {
        index: { field: 'linkWorkerId', value: 'lw-1' },
      });
      expect(byWorker.items.map((i) => [i.id, i.priority])).toEqual([
        ['c1', 4],
        ['c2', 1],
      ]);
    });

    describe('a collection with no index and no sort key', () => {
      const plain = defineCollection<Case>({ name: 'contract.plain' });
      // Ids that order differently by UTF-8 bytes than by UTF-16 units or locale, and prefixes.
      const ids = ['b', 'a', 'ab', 'a b', 'Z', '10', '9', 'é', 'e', '\u{1F600}', '\uFF5E', 'zz'];
      const byBytes = (list: string[]) =>
        [...list].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      const listed = async (direction: 'asc' | 'desc') => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.query<Case>(plain, {
            sort: { field: 'id', direction },
            limit: 3,
            cursor,
          });
          seen.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor;
        } while (cursor);
        return seen;
      };

      beforeEach(async () => {
        await store.transaction((tx) => ids.forEach((id) => tx.put(plain, id, aCase(id))));
      });

      it('lists every document once by id, both ways, page by page', async () => {
        expect(await listed('asc')).toEqual(byBytes(ids));
        expect(await listed('desc')).toEqual(byBytes(ids).reverse());
      });

      it('lists what is there after rewrites and deletes', async () => {
        await store.put(plain, 'ab', aCase('ab', { priority: 7 }));
        await store.transaction((tx) => {
          tx.delete(plain, 'a');
          tx.delete(plain, 'zz');
          tx.put(plain, 'new', aCase('new'));
        });
        await store.delete(plain, '9');
        const left = [...ids.filter((id) => !['a', 'zz', '9'].includes(id)), 'new'];
        expect(await listed('asc')).toEqual(byBytes(left));
        expect(await listed('desc')).toEqual(byBytes(left).reverse());
        const all = await store.query<Case>(plain, { limit: 100 });
        expect(all.items.find((i) => i.id === 'ab')?.priority).toBe(7);
        expect(all.nextCursor).toBeUndefined();
      });
    });

    it('finds a document under each element of an array-valued index', async () => {
      await store.put(caseload, 'c1', aCase('c1', { tags: ['ehcp', 'young-carer'] }));
      for (const tag of ['ehcp', 'young-carer']) {
        const page = await store.query(caseload, { index: { field: 'tags', value: tag } });
        expect(page.items.map((i) => i.id)).toEqual(['c1']);
      }
    });

    it('refuses a query on a field that is not indexed', async () => {
      await expect(
        store.query(caseload, { index: { field: 'priority', value: 1 } }),
      ).rejects.toThrow(/no index/);
    });

    describe('a collection whose indexes keep sort-key order only', () => {
      beforeEach(async () => {
        await store.transaction((tx) => {
          tx.put(byPriority, 'b', aCase('b', { priority: 3 }));
          tx.put(byPriority, 'a', aCase('a', { priority: 2 }));
          tx.put(byPriority, 'c', aCase('c', { priority: 1, linkWorkerId: 'lw-2' }));
        });
      });

      it('finds documents by index value in sort-key order', async () => {
        const page = await store.query(byPriority, {
          index: { field: 'linkWorkerId', value: 'lw-1' },
          sort: { field: 'priority', direction: 'desc' },
        });
        expect(page.items.map((i) => i.id)).toEqual(['b', 'a']);
      });

      it('follows a document whose index value and sort key change', async () => {
        await store.put(byPriority, 'c', aCase('c', { priority: 9 }));
        const page = await store.query(byPriority, {
          index: { field: 'linkWorkerId', value: 'lw-1' },
          sort: { field: 'priority' },
        });
        expect(page.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
        const elsewhere = await store.query(byPriority, {
          index: { field: 'linkWorkerId', value: 'lw-2' },
          sort: { field: 'priority' },
        });
        expect(elsewhere.items).toEqual([]);
      });

      it('still lists the whole collection by id', async () => {
        const page = await store.query(byPriority, {});
        expect(page.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
      });

      it('refuses a query on an index sorted by id, naming the sort keys it keeps', async () => {
        await expect(
          store.query(byPriority, { index: { field: 'linkWorkerId', value: 'lw-1' } }),
        ).rejects.toThrow(/sort-key order only \(priority\)/);
      });
    });

    it('applies every write of a unit of work together', async () => {
      await store.put(caseload, 'gone', aCase('gone'));
      await store.transaction((tx) => {
        tx.put(caseload, 'c1', aCase('c1'));
        tx.delete(caseload, 'gone');
        tx.setCheckpoint('contract-projection', 42n);
      });
      await expect(store.get(caseload, 'c1')).resolves.toEqual(aCase('c1'));
      await expect(store.get(caseload, 'gone')).resolves.toBeUndefined();
      await expect(store.getCheckpoint('contract-projection')).resolves.toBe('42');
    });

    it('writes nothing and keeps the checkpoint when the unit of work throws', async () => {
      await store.put(caseload, 'kept', aCase('kept'));
      await store.transaction((tx) => tx.setCheckpoint('contract-projection', 7n));
      await expect(
        store.transaction(async (tx) => {
          tx.put(caseload, 'c1', aCase('c1'));
          tx.delete(caseload, 'kept');
          tx.setCheckpoint('contract-projection', 8n);
          throw new Error('poison');
        }),
      ).rejects.toThrow('poison');
      await expect(store.get(caseload, 'c1')).resolves.toBeUndefined();
      await expect(store.get(caseload, 'kept')).resolves.toEqual(aCase('kept'));
      await expect(store.getCheckpoint('contract-projection')).resolves.toBe('7');
    });

    it('lets a unit of work read its own writes before they are committed', async () => {
      await store.put(caseload, 'c1', aCase('c1', { priority: 1 }));
      const seen = await store.transaction(async (tx) => {
        tx.put(caseload, 'c1', aCase('c1', { priority: 2 }));
        tx.delete(caseload, 'c2');
        return [await tx.get(caseload, 'c1'), await tx.get(caseload, 'c2')];
      });
      expect(seen).toEqual([aCase('c1', { priority: 2 }), undefined]);
    });

    it('keeps a checkpoint as the decimal string of its position', async () => {
      const big = 2n ** 63n + 5n;
      await store.transaction((tx) => tx.setCheckpoint('contract-projection', big));
      await expect(store.getCheckpoint('contract-projection')).resolves.toBe(big.toString());
    });

    it('has no checkpoint for a projection that never wrote one', async () => {
      await expect(store.getCheckpoint('never-ran')).resolves.toBeUndefined();
    });

    it('refuses a unit of work whose checkpoint another worker has moved', async () => {
      await store.transaction((tx) => tx.setCheckpoint('contract-projection', 10n));
      await expect(
        store.transaction((tx) => {
          tx.put(caseload, 'c1', aCase('c1'));
          tx.setCheckpoint('contract-projection', 12n, { expected: '9' });
        }),
      ).rejects.toBeInstanceOf(CheckpointConflictError);
      await expect(store.get(caseload, 'c1')).resolves.toBeUndefined();
      await expect(store.getCheckpoint('contract-projection')).resolves.toBe('10');
    });

    it('accepts a conditional checkpoint that is where the writer last saw it', async () => {
      await store.transaction((tx) =>
        tx.setCheckpoint('contract-projection', 1n, { expected: null }),
      );
      await store.transaction((tx) =>
        tx.setCheckpoint('contract-projection', 2n, { expected: '1' }),
      );
      await expect(store.getCheckpoint('contract-projection')).resolves.toBe('2');
    });

    it('clears the collections and checkpoints under a prefix and nothing else', async () => {
      const v1 = defineCollection<Case>({ name: 'contract.v1.cases', indexes: ['linkWorkerId'] });
      const v10 = defineCollection<Case>({ name: 'contract.v10.cases', indexes: ['linkWorkerId'] });
      await store.transaction((tx) => {
        tx.put(v1, 'c1', aCase('c1'));
        tx.put(v10, 'c1', aCase('c1'));
        tx.setCheckpoint('contract.v1.position', 3n);
        tx.setCheckpoint('contract.v10.position', 4n);
      });
      await store.clear('contract.v1.');
      await expect(store.get(v1, 'c1')).resolves.toBeUndefined();
      expect(
        (await store.query(v1, { index: { field: 'linkWorkerId', value: 'lw-1' } })).items,
      ).toEqual([]);
      await expect(store.getCheckpoint('contract.v1.position')).resolves.toBeUndefined();
      await expect(store.get(v10, 'c1')).resolves.toEqual(aCase('c1'));
      await expect(store.getCheckpoint('contract.v10.position')).resolves.toBe('4');
    });

    it('hands out copies, so changing a returned document changes nothing stored', async () => {
      await store.put(caseload, 'c1', aCase('c1'));
      const read = await store.get(caseload, 'c1');
      if (read) read.priority = 99;
      await expect(store.get(caseload, 'c1')).resolves.toEqual(aCase('c1'));
    });

    it('hands out copies within a unit of work too, however often a document is read', async () => {
      await store.put(caseload, 'c1', aCase('c1'));
      const second = await store.transaction(async (tx) => {
        const first = await tx.get(caseload, 'c1');
        if (first) first.priority = 99;
        return tx.get(caseload, 'c1');
      });
      expect(second).toEqual(aCase('c1'));
    });
  });
}

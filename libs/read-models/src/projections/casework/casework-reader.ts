import type {
  CollectionDefinition,
  DocumentStore,
  QueryOptions,
  QueryResult,
} from '../../document-store.port';
import type { Projection } from '../../projector/projection';
import { ProjectionReader } from '../../projector/projection-reader';
import { CASEWORK_PROJECTIONS } from './views';

/**
 * Reads the casework rows from whichever view keeps each collection, in the version of that view
 * serving reads (each view is a member of the casework group with a version of its own, and
 * switches version on its own when it alone is derived again).
 */
export class CaseworkReader {
  private readonly readers = new Map<CollectionDefinition, ProjectionReader>();

  constructor(store: DocumentStore, projections: readonly Projection[] = CASEWORK_PROJECTIONS) {
    for (const projection of projections)
      for (const kept of [projection, ...(projection.members?.views ?? [])]) {
        const reader = new ProjectionReader(store, kept);
        for (const collection of kept.collections) this.readers.set(collection, reader);
      }
  }

  private readerOf(collection: CollectionDefinition): ProjectionReader {
    const reader = this.readers.get(collection);
    if (!reader) throw new Error(`No casework view keeps the collection ${collection.name}.`);
    return reader;
  }

  get<T extends object>(collection: CollectionDefinition<T>, id: string): Promise<T | undefined> {
    return this.readerOf(collection).get(collection, id);
  }

  query<T extends object>(
    collection: CollectionDefinition<T>,
    options?: QueryOptions,
  ): Promise<QueryResult<T>> {
    return this.readerOf(collection).query(collection, options);
  }
}

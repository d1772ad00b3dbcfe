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
 * serving reads (each view is rebuilt, and switches version, on its own).
 */
export class CaseworkReader {
  private readonly readers = new Map<CollectionDefinition, ProjectionReader>();

  constructor(store: DocumentStore, projections: readonly Projection[] = CASEWORK_PROJECTIONS) {
    for (const projection of projections) {
      const reader = new ProjectionReader(store, projection);
      for (const collection of projection.collections) this.readers.set(collection, reader);
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

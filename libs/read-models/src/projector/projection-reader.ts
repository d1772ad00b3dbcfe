import type {
  CollectionDefinition,
  DocumentStore,
  QueryOptions,
  QueryResult,
} from '../document-store.port';
import { ACTIVE_VERSIONS, Projection, versioned, versionedCollections } from './projection';

/**
 * Reads a projection's documents in whichever version is active, so queries keep working across
 * a rebuild. It reads the pointer on every call (one small read) rather than caching it, so a
 * switch made by another worker is seen at once.
 */
export class ProjectionReader {
  constructor(
    private readonly store: DocumentStore,
    private readonly projection: Pick<Projection, 'name' | 'version' | 'collections'>,
  ) {}

  async collection<T extends object>(
    collection: CollectionDefinition<T>,
  ): Promise<CollectionDefinition<T>> {
    const active = await this.store.get(ACTIVE_VERSIONS, this.projection.name);
    const version = active?.version ?? this.projection.version;
    return versioned(
      versionedCollections(this.projection, version),
      collection,
      this.projection.name,
    );
  }

  async get<T extends object>(
    collection: CollectionDefinition<T>,
    id: string,
  ): Promise<T | undefined> {
    return this.store.get(await this.collection(collection), id);
  }

  async query<T extends object>(
    collection: CollectionDefinition<T>,
    options?: QueryOptions,
  ): Promise<QueryResult<T>> {
    return this.store.query(await this.collection(collection), options);
  }
}

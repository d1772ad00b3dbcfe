import { Inject, Injectable } from '@nestjs/common';
import {
  type DocumentStore,
  FAMILIES_BY_PERSON,
  type FamilyMembership,
  peopleIndexProjection,
  ProjectionReader,
} from '@app/read-models';
import { DOCUMENT_STORE } from '../tokens';

/** The families a parent or carer is in, from the people-index read model (ids, never names). */
@Injectable()
export class PersonMembershipsReader {
  private readonly index: ProjectionReader;

  constructor(@Inject(DOCUMENT_STORE) documents: DocumentStore) {
    this.index = new ProjectionReader(documents, peopleIndexProjection);
  }

  async familiesOf(personId: string): Promise<FamilyMembership[]> {
    return (await this.index.get(FAMILIES_BY_PERSON, personId))?.families ?? [];
  }
}

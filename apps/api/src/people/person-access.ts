import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  CaseAccessDenied,
  CaseNotFound,
  GetFamily,
  GetPupilJourney,
  PersonalDetailsReader,
  PersonMembershipsReader,
  PersonView,
  Principal,
} from '@app/application';
import { accessFor } from '../common/command-context';

/**
 * Who may see or correct a person: every role that reads cases works LA-wide; a link worker only
 * a pupil in their scope, a parent or carer they recorded, or one in a family with such a pupil.
 */
@Injectable()
export class PersonAccess {
  constructor(
    private readonly queries: QueryBus,
    private readonly people: PersonalDetailsReader,
    private readonly memberships: PersonMembershipsReader,
  ) {}

  /** The person, once the caller may see them (404 when none, 403 when out of scope). */
  async check(principal: Principal, personId: string): Promise<PersonView> {
    const person = await this.people.of(personId);
    if (!person) throw new CaseNotFound('person');
    if (principal.role !== 'link-worker') return person;
    if (person.kind === 'pupil') {
      await this.queries.execute(new GetPupilJourney(personId, accessFor(principal)));
      return person;
    }
    if (person.recordedBy === principal.userId) return person;
    for (const { familyId } of await this.memberships.familiesOf(personId)) {
      const { family } = await this.queries.execute(new GetFamily(familyId));
      for (const pupilId of family.pupilIds) {
        try {
          await this.queries.execute(new GetPupilJourney(pupilId, accessFor(principal)));
          return person;
        } catch (error) {
          if (!(error instanceof CaseAccessDenied)) throw error;
        }
      }
    }
    throw new CaseAccessDenied(
      'This person is not in a family of a case at your schools or allocated to you.',
    );
  }
}

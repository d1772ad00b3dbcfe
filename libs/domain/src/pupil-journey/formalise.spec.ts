import { FormalRouteRefused } from '../rules';
import { contextOn, fold, given } from '../testing/given-when-then';
import { InvalidInput } from '../errors';
import {
  DAD,
  esoApplied,
  esoGranted,
  family,
  linked,
  MUM,
  registered,
  registeredWith,
} from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import {
  DuplicateId,
  JourneyRefused,
  LookedAfterChild,
  NotOfCompulsorySchoolAge,
  ParentNotLinked,
  SocialCareNotConsulted,
} from './decide/guards';
import { NO_FLAGS } from './vocabulary';
import type { PupilEvent } from './events';
import { pupilJourneyDecider } from './index';

const on = (date: string) => contextOn(date, family);
const V = 'national-2024-08-19';

describe('attendance contracts (Anti-social Behaviour Act 2003 s19)', () => {
  const agree = (over: Partial<PupilCommand> = {}): PupilCommand =>
    ({
      type: 'AgreeAttendanceContract',
      contractId: 'ac-1',
      parentIds: [MUM, DAD],
      parentCommitments: ['Morning routine'],
      supportCommitments: ['Bus pass'],
      startsOn: '2025-03-03',
      endsOn: '2025-05-30',
      ...over,
    }) as PupilCommand;
  const agreed: PupilEvent = {
    type: 'AttendanceContractAgreed',
    data: {
      contractId: 'ac-1',
      parentIds: [MUM],
      parentCommitments: [],
      supportCommitments: [],
      startsOn: '2025-03-03',
      endsOn: '2025-05-30',
      reviewDates: ['2025-04-14'],
      ruleSetVersion: V,
    },
  };

  it('is agreed with the family’s parents, with reviews every 6 weeks by default', () => {
    given([registered, linked])
      .when(agree(), on('2025-03-03'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          type: 'AttendanceContractAgreed',
          data: { reviewDates: ['2025-04-14', '2025-05-26'], ruleSetVersion: V },
        }),
      );
    expect(fold([registered, linked, agreed]).stage).toBe('formalise-support');
  });

  it('needs a parent: it cannot be made in their absence', () => {
    given([registered, linked])
      .when(agree({ parentIds: [] } as never), on('2025-03-03'))
      .thenThrows(FormalRouteRefused, /at least one parent/);
  });

  it('is made only with parents of the pupil’s family', () => {
    given([registered, linked])
      .when(agree({ parentIds: ['someone'] } as never), on('2025-03-03'))
      .thenThrows(ParentNotLinked);
  });

  it('is only for a child of compulsory school age', () => {
    given([registeredWith({ dateOfBirth: '2008-05-10' }), linked])
      .when(agree(), on('2025-03-03'))
      .thenThrows(NotOfCompulsorySchoolAge);
  });

  it('refuses the same contract id twice', () => {
    given([registered, linked, agreed])
      .when(agree({ startsOn: '2025-06-02', endsOn: '2025-07-18' } as never), on('2025-06-02'))
      .thenThrows(DuplicateId);
  });

  it('cannot overlap an active contract', () => {
    given([registered, linked, agreed])
      .when(agree({ contractId: 'ac-2' } as never), on('2025-03-03'))
      .thenThrows(JourneyRefused, /already active/);
  });

  const review = (
    outcome: 'on-track' | 'not-kept' | 'ended-early',
    reviewedOn = '2025-04-14',
  ): PupilCommand => ({
    type: 'ReviewAttendanceContract',
    contractId: 'ac-1',
    reviewedOn,
    outcome,
  });
  const reviewed = (outcome: 'on-track' | 'not-kept' | 'ended-early'): PupilEvent => ({
    type: 'AttendanceContractReviewed',
    data: { contractId: 'ac-1', reviewedOn: '2025-04-14', outcome, notes: '', ruleSetVersion: V },
  });
  const ended = (reason: 'not-kept' | 'ended-early', endedOn = '2025-04-15'): PupilEvent => ({
    type: 'AttendanceContractEnded',
    data: { contractId: 'ac-1', endedOn, reason, ruleSetVersion: V },
  });
  const end: PupilCommand = {
    type: 'EndAttendanceContract',
    contractId: 'ac-1',
    endedOn: '2025-04-15',
    reason: 'not-kept',
  };

  it('is reviewed, and a review that finds it not kept is recorded as evidence', () => {
    given([registered, linked, agreed])
      .when(review('not-kept'), on('2025-04-14'))
      .then([reviewed('not-kept')]);
  });

  it('stays active after an on-track review', () => {
    expect(fold([registered, linked, agreed, reviewed('on-track')]).contracts[0]).toMatchObject({
      status: 'active',
      lastReview: '2025-04-14',
    });
  });

  it('stays open to review after it was found not kept', () => {
    expect(fold([registered, linked, agreed, reviewed('not-kept')]).contracts[0].status).toBe(
      'not-kept',
    );
  });

  it('ends when a review ends it early', () => {
    given([registered, linked, agreed])
      .when(review('ended-early'), on('2025-04-14'))
      .then([reviewed('ended-early'), ended('ended-early', '2025-04-14')]);
  });

  it('is not reviewed before it starts', () => {
    given([registered, linked, agreed])
      .when(review('on-track', '2025-02-01'), on('2025-04-14'))
      .thenThrows(JourneyRefused, /starts on 2025-03-03/);
  });

  it('is ended with a reason, under the rules in force', () => {
    given([registered, linked, agreed])
      .when(end, on('2025-04-15'))
      .then([ended('not-kept')]);
  });

  it('is ended once', () => {
    given([registered, linked, agreed, ended('not-kept')])
      .when(end, on('2025-04-16'))
      .thenThrows(JourneyRefused, /already ended/);
  });

  it('is not reviewed once ended', () => {
    given([registered, linked, agreed, ended('not-kept')])
      .when(review('on-track'), on('2025-04-16'))
      .thenThrows(JourneyRefused, /has ended/);
  });

  it('is ended only if it is on this journey', () => {
    given([registered, linked])
      .when(end, on('2025-04-16'))
      .thenThrows(JourneyRefused, /no such attendance contract/);
  });
});

// ASBA 2003 s19: a contract is voluntary; a refusal is recorded and can be evidence later, and the
// DfE's Parental Responsibility Measures census counts contracts offered as well as accepted.
describe('an attendance contract offered and declined (Anti-social Behaviour Act 2003 s19)', () => {
  const declined = (over: Partial<PupilCommand> = {}): PupilCommand =>
    ({
      type: 'RecordAttendanceContractDeclined',
      offerId: 'offer-1',
      parentIds: [MUM],
      offeredOn: '2025-03-03',
      reason: 'Parents did not want a written agreement',
      ...over,
    }) as PupilCommand;

  it('records the offer, who declined it and why, at the formalise-support stage', () => {
    given([registered, linked])
      .when(declined(), on('2025-03-03'))
      .then([
        {
          type: 'AttendanceContractDeclined',
          data: {
            offerId: 'offer-1',
            parentIds: [MUM],
            offeredOn: '2025-03-03',
            reason: 'Parents did not want a written agreement',
            ruleSetVersion: V,
          },
        },
      ]);
    const state = fold([
      registered,
      linked,
      ...pupilJourneyDecider.decide(declined(), fold([registered, linked]), on('2025-03-03')),
    ]);
    expect(state.stage).toBe('formalise-support');
    expect(state.contractsDeclined).toEqual([
      { offerId: 'offer-1', parentIds: [MUM], offeredOn: '2025-03-03' },
    ]);
  });

  it('is offered only to parents of the pupil’s family', () => {
    given([registered, linked])
      .when(declined({ parentIds: ['stranger'] } as Partial<PupilCommand>), on('2025-03-03'))
      .thenThrows(ParentNotLinked);
  });

  it('names at least one parent', () => {
    given([registered, linked])
      .when(declined({ parentIds: [] } as Partial<PupilCommand>), on('2025-03-03'))
      .thenThrows(InvalidInput, /at least one parent/);
  });

  it('is not dated in the future', () => {
    given([registered, linked])
      .when(declined({ offeredOn: '2025-03-04' } as Partial<PupilCommand>), on('2025-03-03'))
      .thenThrows(InvalidInput, /cannot be in the future/);
  });
});

describe('education supervision orders (Children Act 1989 s36)', () => {
  const consulted: PupilEvent = {
    type: 'SocialCareConsulted',
    data: { consultedOn: '2025-02-01', outcome: 'No objection' },
  };
  const inForce = [registered, consulted, esoApplied, esoGranted];
  const apply: PupilCommand = {
    type: 'ApplyForSupervisionOrder',
    orderId: 'eso-1',
    appliedOn: '2025-02-10',
  };
  const grant = (courtDate = '2025-03-03'): PupilCommand => ({
    type: 'RecordSupervisionOrderGranted',
    orderId: 'eso-1',
    courtDate,
    supervisorId: 'ao-1',
  });
  const flagged = (flags: Partial<Record<'lookedAfter', boolean>>): PupilEvent => ({
    type: 'VulnerabilityFlagsUpdated',
    data: { flags: { ...NO_FLAGS, ...flags }, updatedOn: '2025-02-05' },
  });
  const direction: PupilCommand = {
    type: 'RecordSupervisionDirection',
    orderId: 'eso-1',
    direction: 'Attend weekly meeting',
    givenOn: '2025-03-10',
  };
  const nonCompliance: PupilEvent = {
    type: 'SupervisionOrderNonComplianceRecorded',
    data: { orderId: 'eso-1', recordedOn: '2025-04-01', details: 'Missed meetings' },
  };
  const extension = (appliedOn: string, extensionYears = 2): PupilCommand => ({
    type: 'ApplyForSupervisionOrderExtension',
    orderId: 'eso-1',
    appliedOn,
    extensionYears,
  });
  const extApplied: PupilEvent = {
    type: 'SupervisionOrderExtensionApplied',
    data: { orderId: 'eso-1', appliedOn: '2025-12-02', extensionYears: 2, ruleSetVersion: V },
  };
  const extend: PupilCommand = {
    type: 'RecordSupervisionOrderExtended',
    orderId: 'eso-1',
    grantedOn: '2026-01-15',
  };
  const extended: PupilEvent = {
    type: 'SupervisionOrderExtended',
    data: {
      orderId: 'eso-1',
      grantedOn: '2026-01-15',
      extensionYears: 2,
      expiresOn: '2028-03-02',
      ruleSetVersion: V,
    },
  };
  const end = (
    endedOn: string,
    reason: 'expired' | 'care-order-made' | 'compulsory-school-age-ended',
  ): PupilCommand => ({ type: 'EndSupervisionOrder', orderId: 'eso-1', endedOn, reason });

  // EA 1996 s447: before prosecuting the LA considers an ESO; the DfE's census counts orders
  // sought in place of prosecution and in addition to it.
  it('records an application made instead of prosecuting, where the LA says so', () => {
    given([registered, consulted])
      .when({ ...apply, prosecution: 'instead-of-prosecution' } as PupilCommand, on('2025-02-10'))
      .then([
        {
          type: 'SupervisionOrderApplied',
          data: {
            orderId: 'eso-1',
            appliedOn: '2025-02-10',
            prosecution: 'instead-of-prosecution',
            ruleSetVersion: V,
          },
        },
      ]);
  });

  it('refuses an application with a relation to prosecution it does not know', () => {
    given([registered, consulted])
      .when({ ...apply, prosecution: 'maybe' } as unknown as PupilCommand, on('2025-02-10'))
      .thenThrows(
        InvalidInput,
        /prosecution must be one of: instead-of-prosecution, as-well-as-prosecution/,
      );
  });

  it('records the consultation with social care', () => {
    given([registered])
      .when(
        {
          type: 'RecordSocialCareConsultation',
          consultedOn: '2025-02-01',
          outcome: 'No objection',
        },
        on('2025-02-01'),
      )
      .then([consulted]);
  });

  it('is applied for after consulting social care', () => {
    given([registered, consulted]).when(apply, on('2025-02-10')).then([esoApplied]);
  });

  it('moves the journey to formalise support', () => {
    expect(fold([registered, consulted, esoApplied]).stage).toBe('formalise-support');
  });

  it('is not applied for without consulting social care', () => {
    given([registered])
      .when(apply, on('2025-02-10'))
      .thenThrows(SocialCareNotConsulted, /Consult children's social care/);
  });

  it('is not for a looked-after child', () => {
    given([registered, flagged({ lookedAfter: true }), consulted])
      .when(apply, on('2025-02-10'))
      .thenThrows(LookedAfterChild, /looked-after/);
  });

  it('is only for a child of compulsory school age', () => {
    given([registeredWith({ dateOfBirth: '2021-01-01' }), consulted])
      .when(apply, on('2025-02-10'))
      .thenThrows(NotOfCompulsorySchoolAge);
  });

  it('is one at a time', () => {
    given([registered, consulted, esoApplied])
      .when({ ...apply, orderId: 'eso-2' } as PupilCommand, on('2025-02-11'))
      .thenThrows(JourneyRefused, /already applied for or in force/);
  });

  it('is granted for one year, with its supervisor', () => {
    given([registered, consulted, esoApplied]).when(grant(), on('2025-03-03')).then([esoGranted]);
  });

  it('is granted only until the child leaves compulsory school age', () => {
    given([registeredWith({ dateOfBirth: '2009-09-01' }), consulted, esoApplied])
      .when(grant('2025-09-01'), on('2025-09-01'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { expiresOn: '2026-06-26' } }));
  });

  it('is not granted for a child who has come into care since the application', () => {
    given([registered, consulted, esoApplied, flagged({ lookedAfter: true })])
      .when(grant(), on('2025-03-03'))
      .thenThrows(LookedAfterChild);
  });

  it('is not granted on a court date before the application', () => {
    given([registered, consulted, esoApplied])
      .when(grant('2025-02-09'), on('2025-03-03'))
      .thenThrows(InvalidInput, /before the application \(2025-02-10\)/);
  });

  it('takes the supervisor’s directions while in force', () => {
    given(inForce)
      .when(direction, on('2025-03-10'))
      .then([
        {
          type: 'SupervisionOrderDirectionGiven',
          data: { orderId: 'eso-1', direction: 'Attend weekly meeting', givenOn: '2025-03-10' },
        },
      ]);
  });

  it('takes no directions before it is granted', () => {
    given([registered, consulted, esoApplied])
      .when(direction, on('2025-03-10'))
      .thenThrows(JourneyRefused, /is applied/);
  });

  it('stays in force after a direction is given', () => {
    const given_: PupilEvent = {
      type: 'SupervisionOrderDirectionGiven',
      data: { orderId: 'eso-1', direction: 'Attend weekly meeting', givenOn: '2025-03-10' },
    };
    expect(fold([...inForce, given_]).supervisionOrders[0]).toMatchObject({
      status: 'in-force',
      expiresOn: '2026-03-02',
    });
  });

  it('records a parent’s failure to comply, and counts it', () => {
    given(inForce)
      .when(
        {
          type: 'RecordSupervisionNonCompliance',
          orderId: 'eso-1',
          recordedOn: '2025-04-01',
          details: 'Missed meetings',
        },
        on('2025-04-01'),
      )
      .then([nonCompliance]);
    expect(fold([...inForce, nonCompliance]).supervisionOrders[0].nonCompliance).toBe(1);
  });

  it('refuses an extension applied for before the last 3 months', () => {
    given(inForce)
      .when(extension('2025-12-01'), on('2025-12-01'))
      .thenThrows(FormalRouteRefused, /from 2025-12-02/);
  });

  it('takes an extension applied for on the first day of the last 3 months', () => {
    given(inForce).when(extension('2025-12-02'), on('2025-12-02')).then([extApplied]);
  });

  it('refuses an extension applied for after the order expired', () => {
    given(inForce)
      .when(extension('2026-03-04', 1), on('2026-03-04'))
      .thenThrows(FormalRouteRefused, /expired on 2026-03-02/);
  });

  it('refuses an extension longer than 3 years', () => {
    given(inForce)
      .when(extension('2026-01-05', 4), on('2026-01-05'))
      .thenThrows(FormalRouteRefused, /1 to 3 whole years/);
  });

  it('extends the order from its expiry by the years applied for', () => {
    given([...inForce, extApplied])
      .when(extend, on('2026-01-15'))
      .then([extended]);
  });

  it('is in force again, with its new expiry, once extended', () => {
    expect(fold([...inForce, extApplied, extended]).supervisionOrders[0]).toMatchObject({
      status: 'in-force',
      expiresOn: '2028-03-02',
    });
  });

  it('records no extension granted after the order expired', () => {
    given([...inForce, extApplied])
      .when({ ...extend, grantedOn: '2026-03-03' } as PupilCommand, on('2026-03-03'))
      .thenThrows(FormalRouteRefused, /expired on 2026-03-02/);
  });

  it('records an extension granted on the order’s last day in force', () => {
    given([...inForce, extApplied])
      .when({ ...extend, grantedOn: '2026-03-02' } as PupilCommand, on('2026-03-02'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ data: { grantedOn: '2026-03-02', expiresOn: '2028-03-02' } }),
      );
  });

  it('records no extension that was not applied for', () => {
    given(inForce)
      .when(extend, on('2026-01-15'))
      .thenThrows(JourneyRefused, /is in force/);
  });

  it('is discharged on application by a parent', () => {
    given(inForce)
      .when(
        {
          type: 'RecordSupervisionOrderDischarged',
          orderId: 'eso-1',
          dischargedOn: '2025-06-01',
          applicant: 'parent',
        },
        on('2025-06-01'),
      )
      .then([
        {
          type: 'SupervisionOrderDischarged',
          data: {
            orderId: 'eso-1',
            dischargedOn: '2025-06-01',
            applicant: 'parent',
            ruleSetVersion: V,
          },
        },
      ]);
  });

  it('is no longer open once discharged', () => {
    const discharged: PupilEvent = {
      type: 'SupervisionOrderDischarged',
      data: {
        orderId: 'eso-1',
        dischargedOn: '2025-06-01',
        applicant: 'parent',
        ruleSetVersion: V,
      },
    };
    expect(fold([...inForce, discharged]).supervisionOrders[0].status).toBe('discharged');
  });

  it('does not end as expired before its expiry', () => {
    given(inForce)
      .when(end('2026-03-01', 'expired'), on('2026-03-01'))
      .thenThrows(JourneyRefused, /runs until 2026-03-02/);
  });

  it('ends at its expiry', () => {
    given(inForce)
      .when(end('2026-03-02', 'expired'), on('2026-03-02'))
      .then([
        {
          type: 'SupervisionOrderEnded',
          data: { orderId: 'eso-1', endedOn: '2026-03-02', reason: 'expired', ruleSetVersion: V },
        },
      ]);
  });

  it('ends at once when a care order is made', () => {
    given(inForce)
      .when(end('2025-05-01', 'care-order-made'), on('2025-05-01'))
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { reason: 'care-order-made' } }));
  });

  it('does not end for compulsory school age before that age ends', () => {
    given(inForce)
      .when(end('2026-03-03', 'compulsory-school-age-ended'), on('2026-03-03'))
      .thenThrows(JourneyRefused, /Compulsory school age ends on 2028-06-30/);
  });

  // Born 1 September 2009: compulsory school age ends on 26 June 2026, and so does the order.
  const inForceToEndOfCompulsorySchoolAge: PupilEvent[] = [
    registeredWith({ dateOfBirth: '2009-09-01' }),
    consulted,
    esoApplied,
    {
      type: 'SupervisionOrderGranted',
      data: {
        orderId: 'eso-1',
        courtDate: '2025-09-01',
        supervisorId: 'ao-1',
        expiresOn: '2026-06-26',
        ruleSetVersion: V,
      },
    },
  ];

  it('ends automatically when compulsory school age ends', () => {
    given(inForceToEndOfCompulsorySchoolAge)
      .when(end('2026-06-26', 'compulsory-school-age-ended'), on('2026-06-26'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ data: { reason: 'compulsory-school-age-ended' } }),
      );
  });

  // Children Act 1989 Sch 3 para 15(6)(a): the order ceases when compulsory school age ends.
  it('refuses an extension of an order already running to the end of compulsory school age', () => {
    given(inForceToEndOfCompulsorySchoolAge)
      .when(extension('2026-04-01', 1), on('2026-04-01'))
      .thenThrows(
        FormalRouteRefused,
        /already runs to 2026-06-26, the last day of the child's compulsory school age/,
      );
  });

  it('can be applied for again once the last order has ended', () => {
    const ended: PupilEvent = {
      type: 'SupervisionOrderEnded',
      data: { orderId: 'eso-1', endedOn: '2026-03-02', reason: 'expired', ruleSetVersion: V },
    };
    given([...inForce, ended])
      .when(
        { ...apply, orderId: 'eso-2', appliedOn: '2026-03-10' } as PupilCommand,
        on('2026-03-10'),
      )
      .thenRecords(([e]) =>
        expect(e).toMatchObject({ type: 'SupervisionOrderApplied', data: { orderId: 'eso-2' } }),
      );
  });

  it('ends only an order on this journey', () => {
    given([registered])
      .when(end('2025-05-01', 'care-order-made'), on('2025-05-01'))
      .thenThrows(JourneyRefused, /no such education supervision order/);
  });
});

describe('education-neglect referrals (WTISA 2024 para 134)', () => {
  it('is only for a child of compulsory school age', () => {
    given([registeredWith({ dateOfBirth: '2008-05-10' })])
      .when(
        { type: 'ReferForEducationNeglect', referralId: 'en-1', route: 's17', reason: 'x' },
        on('2025-05-01'),
      )
      .thenThrows(NotOfCompulsorySchoolAge);
  });

  it('refers to children’s social care under s17 or s47', () => {
    given([registered])
      .when(
        {
          type: 'ReferForEducationNeglect',
          referralId: 'en-1',
          route: 's47',
          reason: 'Severe absence after all support',
        },
        on('2025-05-01'),
      )
      .then([
        {
          type: 'EducationNeglectReferralMade',
          data: {
            referralId: 'en-1',
            route: 's47',
            referredOn: '2025-05-01',
            reason: 'Severe absence after all support',
            ruleSetVersion: V,
          },
        },
      ]);
    const made = {
      type: 'EducationNeglectReferralMade',
      data: {
        referralId: 'en-1',
        route: 's47',
        referredOn: '2025-05-01',
        reason: 'x',
        ruleSetVersion: V,
      },
    } as const;
    expect(fold([registered, made]).stage).toBe('formalise-support');
  });
});

import { FormalRouteRefused } from '../rules';
import { contextOn, fold, given } from '../testing/given-when-then';
import { InvalidInput } from '../errors';
import { DAD, family, linked, MUM, registered, registeredWith } from '../testing/journey-fixtures';
import type { PupilCommand } from './commands';
import {
  JourneyRefused,
  LookedAfterChild,
  NotOfCompulsorySchoolAge,
  ParentNotLinked,
  SocialCareNotConsulted,
} from './decide/guards';
import { NO_FLAGS } from './vocabulary';
import type { PupilEvent } from './events';

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

  it('needs a parent, who must be a parent of the family', () => {
    given([registered, linked])
      .when(agree({ parentIds: [] } as never), on('2025-03-03'))
      .thenThrows(FormalRouteRefused, /at least one parent/);
    given([registered, linked])
      .when(agree({ parentIds: ['someone'] } as never), on('2025-03-03'))
      .thenThrows(ParentNotLinked);
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

describe('education supervision orders (Children Act 1989 s36)', () => {
  const consulted: PupilEvent = {
    type: 'SocialCareConsulted',
    data: { consultedOn: '2025-02-01', outcome: 'No objection' },
  };
  const applied: PupilEvent = {
    type: 'SupervisionOrderApplied',
    data: { orderId: 'eso-1', appliedOn: '2025-02-10', ruleSetVersion: V },
  };
  const granted: PupilEvent = {
    type: 'SupervisionOrderGranted',
    data: {
      orderId: 'eso-1',
      courtDate: '2025-03-03',
      supervisorId: 'ao-1',
      expiresOn: '2026-03-03',
      ruleSetVersion: V,
    },
  };
  const apply: PupilCommand = {
    type: 'ApplyForSupervisionOrder',
    orderId: 'eso-1',
    appliedOn: '2025-02-10',
  };

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

  it('is applied for only after consulting social care', () => {
    given([registered, consulted]).when(apply, on('2025-02-10')).then([applied]);
    given([registered])
      .when(apply, on('2025-02-10'))
      .thenThrows(SocialCareNotConsulted, /Consult children's social care/);
  });

  it('is not for a looked-after child', () => {
    const lookedAfter = {
      type: 'VulnerabilityFlagsUpdated',
      data: {
        flags: {
          ...registered.data,
          ehcp: false,
          senSupport: false,
          fsm: false,
          childInNeed: false,
          childProtectionPlan: false,
          lookedAfter: true,
          youngCarer: false,
        },
        updatedOn: '2025-01-01',
      },
    } as never;
    given([registered, lookedAfter, consulted])
      .when(apply, on('2025-02-10'))
      .thenThrows(LookedAfterChild, /looked-after/);
  });

  it('is one at a time', () => {
    given([registered, consulted, applied])
      .when({ ...apply, orderId: 'eso-2' } as PupilCommand, on('2025-02-11'))
      .thenThrows(JourneyRefused, /already applied for or in force/);
  });

  it('is granted for one year, with its supervisor', () => {
    given([registered, consulted, applied])
      .when(
        {
          type: 'RecordSupervisionOrderGranted',
          orderId: 'eso-1',
          courtDate: '2025-03-03',
          supervisorId: 'ao-1',
        },
        on('2025-03-03'),
      )
      .then([granted]);
  });

  it('ends early when the child leaves compulsory school age', () => {
    const older = {
      ...registered,
      data: { ...registered.data, dateOfBirth: '2009-09-01' },
    } as PupilEvent;
    given([older, consulted, applied])
      .when(
        {
          type: 'RecordSupervisionOrderGranted',
          orderId: 'eso-1',
          courtDate: '2025-09-01',
          supervisorId: 'ao-1',
        },
        on('2025-09-01'),
      )
      .thenRecords(([e]) => expect(e).toMatchObject({ data: { expiresOn: '2026-06-26' } }));
  });

  it('takes directions and records non-compliance while in force', () => {
    given([registered, consulted, applied, granted])
      .when(
        {
          type: 'RecordSupervisionDirection',
          orderId: 'eso-1',
          direction: 'Attend weekly meeting',
          givenOn: '2025-03-10',
        },
        on('2025-03-10'),
      )
      .thenRecords((es) => expect(es).toHaveLength(1));
    given([registered, consulted, applied])
      .when(
        {
          type: 'RecordSupervisionDirection',
          orderId: 'eso-1',
          direction: 'x',
          givenOn: '2025-03-10',
        },
        on('2025-03-10'),
      )
      .thenThrows(JourneyRefused, /is applied/);
    const nc = {
      type: 'SupervisionOrderNonComplianceRecorded',
      data: { orderId: 'eso-1', recordedOn: '2025-04-01', details: 'Missed meetings' },
    } as const;
    given([registered, consulted, applied, granted])
      .when(
        {
          type: 'RecordSupervisionNonCompliance',
          orderId: 'eso-1',
          recordedOn: '2025-04-01',
          details: 'Missed meetings',
        },
        on('2025-04-01'),
      )
      .then([nc]);
    expect(
      fold([registered, consulted, applied, granted, nc]).supervisionOrders[0].nonCompliance,
    ).toBe(1);
  });

  it('stays in force after a direction is given', () => {
    const direction: PupilEvent = {
      type: 'SupervisionOrderDirectionGiven',
      data: { orderId: 'eso-1', direction: 'Attend weekly meeting', givenOn: '2025-03-10' },
    };
    expect(
      fold([registered, consulted, applied, granted, direction]).supervisionOrders[0],
    ).toMatchObject({
      status: 'in-force',
      expiresOn: '2026-03-03',
    });
  });

  it('refuses an extension applied for too early, and extends one applied for in the last 3 months', () => {
    const extension = (appliedOn: string): PupilCommand => ({
      type: 'ApplyForSupervisionOrderExtension',
      orderId: 'eso-1',
      appliedOn,
      extensionYears: 2,
    });
    given([registered, consulted, applied, granted])
      .when(extension('2025-12-02'), on('2025-12-02'))
      .thenThrows(FormalRouteRefused, /from 2025-12-03/);
    given([registered, consulted, applied, granted])
      .when(extension('2025-12-03'), on('2025-12-03'))
      .thenRecords(([e]) =>
        expect(e).toMatchObject({
          type: 'SupervisionOrderExtensionApplied',
          data: { extensionYears: 2 },
        }),
      );
    const extApplied = {
      type: 'SupervisionOrderExtensionApplied',
      data: { orderId: 'eso-1', appliedOn: '2025-12-03', extensionYears: 2, ruleSetVersion: V },
    } as const;
    given([registered, consulted, applied, granted, extApplied])
      .when(
        { type: 'RecordSupervisionOrderExtended', orderId: 'eso-1', grantedOn: '2026-01-15' },
        on('2026-01-15'),
      )
      .then([
        {
          type: 'SupervisionOrderExtended',
          data: {
            orderId: 'eso-1',
            grantedOn: '2026-01-15',
            extensionYears: 2,
            expiresOn: '2028-03-03',
            ruleSetVersion: V,
          },
        },
      ]);
    given([registered, consulted, applied, granted])
      .when(
        { type: 'RecordSupervisionOrderExtended', orderId: 'eso-1', grantedOn: '2026-01-15' },
        on('2026-01-15'),
      )
      .thenThrows(JourneyRefused, /is in force/);
    const extended = {
      type: 'SupervisionOrderExtended',
      data: {
        orderId: 'eso-1',
        grantedOn: '2026-01-15',
        extensionYears: 2,
        expiresOn: '2028-03-03',
        ruleSetVersion: V,
      },
    } as const;
    expect(
      fold([registered, consulted, applied, granted, extApplied, extended]).supervisionOrders[0],
    ).toMatchObject({ status: 'in-force', expiresOn: '2028-03-03' });
  });

  it('is discharged on application, or ends at expiry and not before', () => {
    given([registered, consulted, applied, granted])
      .when(
        {
          type: 'RecordSupervisionOrderDischarged',
          orderId: 'eso-1',
          dischargedOn: '2025-06-01',
          applicant: 'parent',
        },
        on('2025-06-01'),
      )
      .thenRecords(([e]) => expect(e.type).toBe('SupervisionOrderDischarged'));
    const end = (endedOn: string, reason: 'expired' | 'care-order-made'): PupilCommand => ({
      type: 'EndSupervisionOrder',
      orderId: 'eso-1',
      endedOn,
      reason,
    });
    given([registered, consulted, applied, granted])
      .when(end('2026-03-02', 'expired'), on('2026-03-02'))
      .thenThrows(JourneyRefused, /runs until 2026-03-03/);
    given([registered, consulted, applied, granted])
      .when(end('2026-03-03', 'expired'), on('2026-03-03'))
      .thenRecords(([e]) => expect(e.type).toBe('SupervisionOrderEnded'));
    given([registered, consulted, applied, granted])
      .when(end('2025-05-01', 'care-order-made'), on('2025-05-01'))
      .thenRecords(([e]) => expect(e.type).toBe('SupervisionOrderEnded'));
    given([registered])
      .when(end('2025-05-01', 'care-order-made'), on('2025-05-01'))
      .thenThrows(JourneyRefused, /no such education supervision order/);
    const discharged = {
      type: 'SupervisionOrderDischarged',
      data: {
        orderId: 'eso-1',
        dischargedOn: '2025-06-01',
        applicant: 'parent',
        ruleSetVersion: V,
      },
    } as const;
    const ended = {
      type: 'SupervisionOrderEnded',
      data: { orderId: 'eso-1', endedOn: '2026-03-03', reason: 'expired', ruleSetVersion: V },
    } as const;
    expect(
      fold([registered, consulted, applied, granted, discharged]).supervisionOrders[0].status,
    ).toBe('discharged');
    expect(fold([registered, consulted, applied, granted, ended]).supervisionOrders[0].status).toBe(
      'ended',
    );
  });

  const grant = (courtDate = '2025-03-03'): PupilCommand => ({
    type: 'RecordSupervisionOrderGranted',
    orderId: 'eso-1',
    courtDate,
    supervisorId: 'ao-1',
  });
  const flagged = (flags: Partial<Record<'lookedAfter', boolean>>): PupilEvent => ({
    type: 'VulnerabilityFlagsUpdated',
    data: { flags: { ...NO_FLAGS, ...flags }, updatedOn: '2025-02-20' },
  });

  it('is not granted for a child who has come into care since the application', () => {
    given([registered, consulted, applied, flagged({ lookedAfter: true })])
      .when(grant(), on('2025-03-03'))
      .thenThrows(LookedAfterChild);
  });

  it('is not granted on a court date before the application', () => {
    given([registered, consulted, applied])
      .when(grant('2025-02-09'), on('2025-03-03'))
      .thenThrows(InvalidInput, /before the application \(2025-02-10\)/);
  });

  it('refuses an extension applied for after the order expired', () => {
    given([registered, consulted, applied, granted])
      .when(
        {
          type: 'ApplyForSupervisionOrderExtension',
          orderId: 'eso-1',
          appliedOn: '2026-03-04',
          extensionYears: 1,
        },
        on('2026-03-04'),
      )
      .thenThrows(FormalRouteRefused, /expired on 2026-03-03/);
  });

  it('refuses an extension longer than 3 years', () => {
    given([registered, consulted, applied, granted])
      .when(
        {
          type: 'ApplyForSupervisionOrderExtension',
          orderId: 'eso-1',
          appliedOn: '2026-01-05',
          extensionYears: 4,
        },
        on('2026-01-05'),
      )
      .thenThrows(FormalRouteRefused, /1 to 3 whole years/);
  });

  it('does not end for compulsory school age before that age ends', () => {
    given([registered, consulted, applied, granted])
      .when(
        {
          type: 'EndSupervisionOrder',
          orderId: 'eso-1',
          endedOn: '2026-03-03',
          reason: 'compulsory-school-age-ended',
        },
        on('2026-03-03'),
      )
      .thenThrows(JourneyRefused, /Compulsory school age ends on 2028-06-30/);
  });

  it('ends automatically when compulsory school age ends', () => {
    const older = registeredWith({ dateOfBirth: '2009-09-01' });
    const grantedToOlder: PupilEvent = {
      type: 'SupervisionOrderGranted',
      data: { ...(granted.data as object), expiresOn: '2026-06-26' } as never,
    };
    given([older, consulted, applied, grantedToOlder])
      .when(
        {
          type: 'EndSupervisionOrder',
          orderId: 'eso-1',
          endedOn: '2026-06-26',
          reason: 'compulsory-school-age-ended',
        },
        on('2026-06-26'),
      )
      .then([
        {
          type: 'SupervisionOrderEnded',
          data: {
            orderId: 'eso-1',
            endedOn: '2026-06-26',
            reason: 'compulsory-school-age-ended',
            ruleSetVersion: V,
          },
        },
      ]);
  });

  it('is only for a child of compulsory school age', () => {
    const young = {
      ...registered,
      data: { ...registered.data, dateOfBirth: '2021-01-01' },
    } as PupilEvent;
    given([young, consulted])
      .when(apply, on('2025-02-10'))
      .thenThrows(JourneyRefused, /compulsory school age/);
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

/**
 * Puts a letter together from what is held: the journey's facts (the notice as recorded, its
 * service), the people's names and addresses (opened at read time, `[erased]` once erased), the
 * school's name, the LA's letter settings and the officer who recorded the notice. The words are
 * the domain's (libs/domain letters.ts). Every letter read names a child and a parent, so it is
 * recorded in the access log before anything is returned.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  Addressee,
  DomainError,
  evaluateNationalThreshold,
  IsoDate,
  Letter,
  LetterSettingsMissing,
  LetterSignatory,
  noticeToImproveLetter,
  penaltyNoticeLetter,
  PupilEventOf,
  PupilJourney,
  pupilJourneyDecider,
  pupilStreamId,
  SUPPORT_KINDS,
  ukDate,
  warningLetter,
  withdrawalLetter,
} from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { AccessLog } from '../audit/access-log';
import type { Principal } from '../auth/roles';
import { canAccessCase } from '../auth/access-policy';
import { loadStream } from '../commands/stream-executor';
import { PersonalDetailsReader, ERASED } from '../people/personal-details';
import { CaseAccessDenied, CaseNotFound } from '../pupils/case-access';
import { DirectoryProvider } from '../pupils/directory';
import { EVENT_STORE } from '../tokens';
import { LetterSettingsProvider } from './letter-settings';

/** A letter cannot name someone whose name and address were never recorded (HTTP 409). */
export class PersonalDetailsMissing extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'personal-details-missing';
  constructor(who: 'child' | 'parent', personId: string) {
    super(
      who === 'child'
        ? `The child's name and address are not recorded (person ${personId}): record them (POST /people, kind pupil, with the pupil's id) before producing a letter, which must carry them.`
        : `The parent's name and address are not recorded (person ${personId}): record them (POST /people, kind parent-or-carer) before producing a letter, which must carry them.`,
      { personId },
    );
  }
}

/** Where a letter came from: for the access log, and for the reader to say what they asked for. */
export interface LetterRequest {
  pupilId: string;
  correlationId?: string;
}

const SUPPORT_WORDS = (kind: string) =>
  (SUPPORT_KINDS as readonly string[]).includes(kind) ? kind.replace(/-/g, ' ') : kind;

interface Journey {
  state: PupilJourney;
  events: RecordedEvent[];
  pupilId: string;
}

@Injectable()
export class LetterComposer {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly people: PersonalDetailsReader,
    private readonly settings: LetterSettingsProvider,
    private readonly directory: DirectoryProvider,
    private readonly accessLog: AccessLog,
  ) {}

  async penaltyNotice(principal: Principal, noticeId: string, req: LetterRequest): Promise<Letter> {
    const journey = await this.journey(principal, req.pupilId);
    return this.recorded(principal, await this.penaltyNoticeOf(journey, noticeId), req);
  }

  async noticeToImprove(principal: Principal, noticeId: string, req: LetterRequest) {
    const journey = await this.journey(principal, req.pupilId);
    return this.recorded(principal, await this.noticeToImproveOf(journey, noticeId), req);
  }

  async withdrawal(principal: Principal, noticeId: string, req: LetterRequest) {
    const journey = await this.journey(principal, req.pupilId);
    return this.recorded(principal, await this.withdrawalOf(journey, noticeId), req);
  }

  /**
   * The letters behind an evidence pack's notices, as they were served: each notice to improve,
   * each penalty notice and each withdrawal. Not recorded separately: the pack's read is. When a
   * letter cannot be written (no letter settings, a person never recorded), none is, and why.
   */
  async forEvidencePack(
    principal: Principal,
    pupilId: string,
    notices: { noticesToImprove: string[]; penaltyNotices: string[]; withdrawn: string[] },
  ): Promise<{ letters: Letter[]; unavailable?: string }> {
    const journey = await this.journey(principal, pupilId);
    try {
      const letters: Letter[] = [];
      for (const id of notices.noticesToImprove)
        letters.push(await this.noticeToImproveOf(journey, id));
      for (const id of notices.penaltyNotices)
        letters.push(await this.penaltyNoticeOf(journey, id));
      for (const id of notices.withdrawn) letters.push(await this.withdrawalOf(journey, id));
      return { letters };
    } catch (error) {
      if (error instanceof LetterSettingsMissing || error instanceof PersonalDetailsMissing)
        return { letters: [], unavailable: error.message };
      throw error;
    }
  }

  private async penaltyNoticeOf({ state, events, pupilId }: Journey, noticeId: string) {
    const issued = this.eventOf(events, 'PenaltyNoticeIssued', noticeId, 'penalty notice');
    const data = issued.data as PupilEventOf<'PenaltyNoticeIssued'>['data'];
    const notice = state.penaltyNotices.find((n) => n.noticeId === noticeId)!;
    const parties = await this.parties(
      state,
      pupilId,
      notice.parentId,
      issued.metadata.actor,
      issued.recordedAt,
    );
    return penaltyNoticeLetter(
      {
        noticeId,
        issuedOn: notice.issuedOn,
        offencePeriod: notice.offencePeriod,
        unauthorisedSessions: data.threshold.count,
        sequence: notice.sequence,
        amount: data.amount,
        reducedAmount: data.reducedAmount,
        servedOn: notice.servedOn,
        reducedRateEnds: notice.reducedRateEnds,
        paymentEnds: notice.paymentEnds,
        service: notice.service,
      },
      parties,
    );
  }

  private async noticeToImproveOf({ state, events, pupilId }: Journey, noticeId: string) {
    const issued = this.eventOf(events, 'NoticeToImproveIssued', noticeId, 'notice to improve');
    const nti = issued.data as PupilEventOf<'NoticeToImproveIssued'>['data'];
    const parties = await this.parties(
      state,
      pupilId,
      nti.parentId,
      issued.metadata.actor,
      issued.recordedAt,
    );
    const absence = this.absenceBefore(state, nti.issuedOn);
    return noticeToImproveLetter(
      {
        noticeId,
        issuedOn: nti.issuedOn,
        improvementWeeks: nti.improvementWeeks,
        periodEndsOn: nti.periodEndsOn,
        sufficientImprovement: nti.sufficientImprovement,
        unauthorisedSessions: absence.count,
        absencePeriod: absence.period,
        supportOffered: this.supportOffered(state, nti.issuedOn),
      },
      parties,
    );
  }

  private async withdrawalOf({ state, events, pupilId }: Journey, noticeId: string) {
    const withdrawn = this.eventOf(events, 'PenaltyNoticeWithdrawn', noticeId, 'withdrawal');
    const w = withdrawn.data as PupilEventOf<'PenaltyNoticeWithdrawn'>['data'];
    const notice = state.penaltyNotices.find((n) => n.noticeId === noticeId)!;
    const parties = await this.parties(
      state,
      pupilId,
      notice.parentId,
      withdrawn.metadata.actor,
      withdrawn.recordedAt,
    );
    return withdrawalLetter(
      {
        noticeId,
        issuedOn: notice.issuedOn,
        withdrawnOn: w.withdrawnOn,
        ground: w.ground,
        explanation: w.explanation,
        refundDue: w.refundDue,
      },
      parties,
    );
  }

  /** A warning to one parent in the pupil's family, about attendance as it stands on `date`. */
  async warning(principal: Principal, parentId: string, date: IsoDate, req: LetterRequest) {
    const { state } = await this.journey(principal, req.pupilId);
    const parties = await this.parties(state, req.pupilId, parentId, principal.userId);
    const absence = this.absenceBefore(state, date);
    const letter = warningLetter(
      `warning-${req.pupilId}-${date}`,
      {
        date,
        unauthorisedSessions: absence.count,
        attendanceRate: null,
        from: absence.period?.from ?? null,
        to: absence.period?.to ?? null,
        supportOffered: this.supportOffered(state, date),
      },
      parties,
    );
    return this.recorded(principal, letter, req);
  }

  private async journey(principal: Principal, pupilId: string): Promise<Journey> {
    const { state, revision, events } = await loadStream(
      this.store,
      pupilStreamId(pupilId),
      pupilJourneyDecider.evolve,
      pupilJourneyDecider.initialState,
    );
    if (revision === undefined) throw new CaseNotFound('pupil');
    const scope = {
      schoolId: state.schoolId,
      leadPractitionerId: state.leadPractitionerId ?? undefined,
    };
    if (!canAccessCase(principal, scope)) throw new CaseAccessDenied();
    return { state, events, pupilId };
  }

  private eventOf(events: RecordedEvent[], type: string, id: string, what: string) {
    const found = events.find(
      (e) => e.type === type && (e.data as { noticeId?: string }).noticeId === id,
    );
    if (!found) throw new CaseNotFound(what);
    return found;
  }

  private async parties(
    state: PupilJourney,
    pupilId: string,
    parentId: string,
    officerId: string,
    recordedAt?: string,
  ) {
    const settings = await this.settings.required(recordedAt);
    const [child, recipient, directory] = await Promise.all([
      this.addressee('child', pupilId),
      this.addressee('parent', parentId),
      this.directory.current(),
    ]);
    const school = directory.schools.find((s) => s.schoolId === state.schoolId);
    const signatory: LetterSignatory | null =
      settings.signatories.find((s) => s.userId === officerId) ?? null;
    return {
      settings,
      child,
      recipient,
      schoolName: school?.name ?? state.schoolId ?? 'the school',
      signatory,
    };
  }

  private async addressee(who: 'child' | 'parent', personId: string): Promise<Addressee> {
    const person = await this.people.of(personId);
    if (!person) throw new PersonalDetailsMissing(who, personId);
    if (person.status === 'erased') return { name: ERASED, address: [ERASED] };
    const { givenName, familyName, address } = person.details;
    return {
      name: `${givenName} ${familyName}`,
      address: [...address.lines, address.town, address.postcode],
    };
  }

  /** The most recent 10 school weeks up to `date` meeting the threshold, or the worst of them. */
  private absenceBefore(state: PupilJourney, date: IsoDate) {
    const t = evaluateNationalThreshold(state.marks, { asOf: date });
    return {
      count: t.count,
      period:
        t.firstSchoolWeek && t.lastSchoolWeek && t.sessions.length > 0
          ? { from: t.sessions[0].date, to: t.sessions[t.sessions.length - 1].date }
          : null,
    };
  }

  private supportOffered(state: PupilJourney, by: IsoDate): string[] {
    return state.support
      .filter((s) => s.startedOn <= by)
      .map((s) => `${SUPPORT_WORDS(s.kind)}, from ${ukDate(s.startedOn)}`);
  }

  private async recorded(principal: Principal, letter: Letter, req: LetterRequest) {
    await this.accessLog.record(
      principal,
      {
        kind: 'letter',
        pupilId: req.pupilId,
        purpose: `produce a ${letter.kind.replace(/-/g, ' ')} letter`,
        details: { letter: letter.kind, reference: letter.reference },
      },
      req.correlationId,
    );
    return letter;
  }
}

/**
 * The audit reads as a person makes them, from the API or a web page: a stated purpose, the read
 * allowed, then recorded in the access log before any of it is returned. One place, so no door into
 * a family's history can forget the record.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { Principal } from '../auth/roles';
import type { CaseAccessCheck } from '../pupils/case-access';
import { CodeOfConductProvider } from '../pupils/code-of-conduct';
import { CLOCK, Clock, EVENT_STORE } from '../tokens';
import { AccessLog, requirePurpose } from './access-log';
import { InvalidAuditQuery, parseAuditInstant } from './audit-query';
import { readFamilyHistory, readPupilStateAsOf, FamilyHistory } from './audit-reads';
import type { EvidencePack, EvidencePackSubject } from './evidence-pack';
import { HistoryFilter, HistoryPage, pageOfHistory } from './family-history';
import { readEvidencePack } from './read-evidence-pack';

@Injectable()
export class AuditedReads {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accessLog: AccessLog,
    private readonly codes: CodeOfConductProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A family's history (a page of it), recorded with its purpose and the filters given. The purpose
   * is asked for first; `parse` reads the rest of the query only after it.
   */
  async familyHistory(
    principal: Principal,
    familyId: string,
    purposeGiven: unknown,
    parse: () => { filter: HistoryFilter; paging: Parameters<typeof pageOfHistory>[2] },
    details: Record<string, string>,
    correlationId: string | undefined,
  ): Promise<{ history: FamilyHistory; page: HistoryPage; purpose: string }> {
    const purpose = requirePurpose(purposeGiven);
    const query = parse();
    const history = await readFamilyHistory(this.store, familyId);
    const page = pageOfHistory(history.entries, query.filter, query.paging);
    await this.accessLog.record(
      principal,
      { kind: 'family-history', familyId, purpose, details },
      correlationId,
    );
    return { history, page, purpose };
  }

  /** A pupil's journey as known by and as happened by a moment, recorded with its purpose. */
  async pupilStateAsOf(
    principal: Principal,
    pupilId: string,
    atGiven: unknown,
    purposeGiven: unknown,
    access: CaseAccessCheck,
    correlationId: string | undefined,
  ) {
    const purpose = requirePurpose(purposeGiven);
    const at = parseAuditInstant(atGiven, 'at', 'end');
    if (!at)
      throw new InvalidAuditQuery('at', 'at is required: a date (YYYY-MM-DD) or an ISO instant.');
    const view = await readPupilStateAsOf(this.store, pupilId, at, access);
    await this.accessLog.record(
      principal,
      { kind: 'pupil-state-as-of', pupilId, purpose, details: { at: at.toISOString() } },
      correlationId,
    );
    return view;
  }

  /**
   * The evidence pack for one penalty notice or prosecution, recorded with its purpose after access
   * was allowed and before the pack is returned; a refused or invalid read records nothing.
   */
  async evidencePack(
    principal: Principal,
    pupilId: string,
    subject: EvidencePackSubject,
    purposeGiven: unknown,
    options: {
      format: string;
      access: CaseAccessCheck;
      correlationId: string | undefined;
      /** What the caller adds to the pack before it is recorded and returned (names, letters). */
      enrich?: (pack: EvidencePack) => Promise<Partial<EvidencePack>>;
    },
  ): Promise<{ pack: EvidencePack; purpose: string }> {
    const purpose = requirePurpose(purposeGiven);
    const { codeOfConduct } = await this.codes.current();
    const read = await readEvidencePack(this.store, pupilId, subject, {
      access: options.access,
      schoolWeekBasis: codeOfConduct.schoolWeekBasis,
      generatedAt: this.clock(),
    });
    const pack: EvidencePack = { ...read, ...(await options.enrich?.(read)) };
    await this.accessLog.record(
      principal,
      {
        kind: 'evidence-pack',
        pupilId,
        ...(pack.pupil.familyId ? { familyId: pack.pupil.familyId } : {}),
        purpose,
        details: {
          subject: subject.kind,
          id: subject.kind === 'penalty-notice' ? subject.noticeId : subject.prosecutionId,
          format: options.format,
        },
      },
      options.correlationId,
    );
    return { pack, purpose };
  }
}

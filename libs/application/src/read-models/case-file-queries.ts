/**
 * A pupil's case file, read from the case-file projection: everything recorded about the case,
 * newest first, each item in the words of the audit describer, with the attendance summary and
 * its trend from the caseload. A case file is part of a family's history (conversations, the
 * child's voice, referrals and social care's responses), so every read is recorded in the access
 * log, after access was checked and before anything leaves.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { FamilyEvent, MeetingEvent, PupilEvent, Stage } from '@app/domain';
import {
  caseFileItems,
  CaseFileEntry,
  CaseFileItem,
  CaseFileItemKind,
  CaseFilePupil,
  caseFilePupils,
  caseFileProjection,
  caseload,
  CaseworkReader,
  DocumentStore,
  ProjectionReader,
} from '@app/read-models';
import { AccessLog, requirePurpose } from '../audit/access-log';
import {
  describeFamilyEvent,
  describeMeetingEvent,
  describePupilEvent,
  EventDescription,
} from '../audit/describe-event';
import { canAccessCase } from '../auth/access-policy';
import type { Principal } from '../auth/roles';
import { CaseAccessDenied, CaseNotFound } from '../pupils/case-access';
import { DOCUMENT_STORE } from '../tokens';
import type { CaseloadItem, Page } from './casework-queries';

/**
 * Recorded as the purpose when the reader gives none: a case file is read by someone whose role
 * and allocation already give them the case, in the course of working on it.
 */
export const CASE_FILE_PURPOSE = 'Casework on a case the reader has access to (case file)';

export interface CaseFileEntryView {
  type: string;
  summary: string;
  happenedOn: string | null;
  reason: string | null;
  recordedAt: string;
  recordedBy: { userId: string | null; role: string | null };
  /** What was recorded, as recorded (barriers, the child's voice, a decision, conditions...). */
  details: Record<string, unknown>;
}

export interface CaseFileItemView {
  kind: CaseFileItemKind;
  ref: string;
  stage: Stage;
  /** The first entry's summary, date and recording time: what opened the item. */
  summary: string;
  happenedOn: string | null;
  recordedAt: string;
  /** What opened the item, then what followed it (outcome, decision, reviews, response). */
  entries: CaseFileEntryView[];
}

/** The pupil as the case file keeps them (its own small document), with the items and figures. */
export interface CaseFileView extends Pick<
  CaseFilePupil,
  'pupilId' | 'reference' | 'status' | 'stage' | 'schoolId' | 'leadPractitionerId'
> {
  attendance: {
    asOf: string | null;
    term: CaseloadItem['attendance']['term'];
    year: CaseloadItem['attendance']['year'];
    lastFourWeeksRate: number | null;
    persistentAbsence: boolean;
    severeAbsence: boolean;
    thresholdMet: boolean;
    trend: CaseloadItem['trend'];
  } | null;
  items: CaseFileItemView[];
  nextCursor?: string;
}

export interface CaseFileRead extends Page {
  stage?: Stage;
  kind?: CaseFileItemKind;
  purpose?: string;
  correlationId?: string;
}

function describeEntry(entry: CaseFileEntry): EventDescription {
  const event = { type: entry.type, data: entry.data };
  switch (entry.source) {
    case 'pupil':
      return describePupilEvent(event as PupilEvent);
    case 'family':
      return describeFamilyEvent(event as FamilyEvent);
    case 'meeting':
      return describeMeetingEvent(event as MeetingEvent);
  }
}

function entryView(entry: CaseFileEntry): CaseFileEntryView {
  const { summary, happenedOn, reason } = describeEntry(entry);
  return {
    type: entry.type,
    summary,
    happenedOn,
    reason,
    recordedAt: entry.recordedAt,
    recordedBy: { userId: entry.actor, role: entry.role },
    details: entry.data,
  };
}

function itemView(item: CaseFileItem): CaseFileItemView {
  const entries = item.entries.map(entryView);
  const [first] = entries;
  return {
    kind: item.kind,
    ref: item.ref,
    stage: item.stage,
    summary: first.summary,
    happenedOn: first.happenedOn,
    recordedAt: first.recordedAt,
    entries,
  };
}

@Injectable()
export class CaseFileQueries {
  private readonly caseFile: ProjectionReader;
  private readonly casework: CaseworkReader;

  constructor(
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    private readonly accessLog: AccessLog,
  ) {
    this.caseFile = new ProjectionReader(documents, caseFileProjection);
    this.casework = new CaseworkReader(documents);
  }

  async read(principal: Principal, pupilId: string, read: CaseFileRead): Promise<CaseFileView> {
    const purpose = requirePurpose(read.purpose ?? CASE_FILE_PURPOSE);
    const pupil = await this.caseFile.get(caseFilePupils, pupilId);
    if (!pupil) throw new CaseNotFound('pupil');
    const scope = {
      schoolId: pupil.schoolId,
      leadPractitionerId: pupil.leadPractitionerId ?? undefined,
    };
    if (!canAccessCase(principal, scope)) throw new CaseAccessDenied();
    const facet = `pupil:${pupilId}${read.stage ? `|stage:${read.stage}` : read.kind ? `|kind:${read.kind}` : ''}`;
    const page = await this.caseFile.query(caseFileItems, {
      index: { field: 'facets', value: facet },
      sort: { field: 'order', direction: 'desc' },
      cursor: read.cursor,
      limit: read.limit,
    });
    const row = await this.casework.get(caseload, pupilId);
    const given = Object.fromEntries(
      (['stage', 'kind', 'cursor', 'limit'] as const)
        .filter((k) => read[k] !== undefined)
        .map((k) => [k, String(read[k])]),
    );
    await this.accessLog.record(
      principal,
      { kind: 'case-file', pupilId, purpose, details: given },
      read.correlationId,
    );
    return {
      pupilId,
      reference: pupil.reference,
      status: pupil.status,
      stage: pupil.stage,
      schoolId: pupil.schoolId,
      leadPractitionerId: pupil.leadPractitionerId,
      attendance: row
        ? {
            asOf: row.asOf,
            term: row.attendance.term,
            year: row.attendance.year,
            lastFourWeeksRate: row.attendance.lastFourWeeksRate,
            persistentAbsence: row.persistentAbsence,
            severeAbsence: row.severeAbsence,
            thresholdMet: row.thresholdMet,
            trend: row.trend,
          }
        : null,
      items: page.items.map(itemView),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}

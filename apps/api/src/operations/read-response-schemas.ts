/**
 * The success bodies of the reads, by operationId (completeOpenApiContract puts each on its
 * operation; the OpenAPI contract test fails for an operation that has none). Envelopes and the
 * fields clients page and branch on are typed; the items of the larger views (a caseload row, a
 * journey, an evidence pack) are described in words and left open (`additionalProperties`).
 */
import { EVENT_FEED_RESPONSES } from '../event-feed/event-feed-schemas';

type Schema = Record<string, unknown>;

const str = (description?: string): Schema => ({
  type: 'string',
  ...(description && { description }),
});
const date = (description: string): Schema => ({ type: 'string', format: 'date', description });
const open = (description: string): Schema => ({
  type: 'object',
  description,
  additionalProperties: true,
});
const object = (
  properties: Record<string, Schema>,
  required = Object.keys(properties),
): Schema => ({
  type: 'object',
  required,
  properties,
});
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

/** A page of a read model: `asOf` the day today-dependent fields were worked out for. */
const page = (item: string): Schema =>
  object(
    {
      asOf: date('The day the today-dependent fields were worked out for'),
      items: arrayOf(open(item)),
      nextCursor: str('Pass as `cursor` for the next page; absent on the last'),
    },
    ['asOf', 'items'],
  );

const json = (schema: Schema) => ({ 'application/json': { schema } });
const orHtml = (schema: Schema) => ({
  ...json(schema),
  'text/html': { schema: str('The same, as a printable self-contained page (`format=html`)') },
});
/** A letter: a printable page by default, an A4 PDF, or its content as JSON. */
const letter = (description: string) => ({
  'text/html': { schema: str(`${description}, as a printable self-contained page (default)`) },
  'application/pdf': {
    schema: { type: 'string', format: 'binary', description: `${description}, as an A4 PDF` },
  },
  ...json(
    object(
      {
        kind: {
          type: 'string',
          enum: ['penalty-notice', 'notice-to-improve', 'warning', 'withdrawal'],
        },
        reference: str(),
        date: date('The date of the letter'),
        draft: { ...str('Why it must not be served yet; null when it may be'), nullable: true },
        sections: arrayOf(open('A heading, the regulation it answers and its paragraphs')),
      },
      ['kind', 'reference', 'date', 'draft', 'sections'],
    ),
  ),
});
const orCsv = (schema: Schema) => ({
  ...json(schema),
  'text/csv': { schema: str('The same rows as CSV (`format=csv`)') },
});

const reject = object({ line: { type: 'integer' }, kind: str(), reason: str() });
const importReport = object(
  {
    importId: str(),
    kind: { type: 'string', enum: ['register'] },
    format: { type: 'string', enum: ['csv'] },
    status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed'] },
    sha256: str(),
    bytes: { type: 'integer' },
    schoolId: { type: 'string', nullable: true },
    receivedAt: str(),
    requestedBy: str(),
    startedAt: { type: 'string', nullable: true },
    finishedAt: { type: 'string', nullable: true },
    progress: object({
      phase: str(),
      rowsRead: { type: 'integer' },
      pupilsSeen: { type: 'integer' },
      pupilsProcessed: { type: 'integer' },
    }),
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    rejectsByKind: { type: 'object', additionalProperties: { type: 'integer' } },
    failure: { type: 'string', nullable: true },
    rejects: arrayOf(reject),
    moreRejects: { type: 'boolean' },
  },
  ['importId', 'status', 'progress', 'counts', 'rejects', 'moreRejects'],
);

export const READ_RESPONSES: Record<string, { status?: string; content: Record<string, unknown> }> =
  {
    pupils_get: {
      content: json(
        open("A pupil's journey: stage, attendance, the national threshold and open items"),
      ),
    },
    tasks_list: {
      content: json(
        object(
          {
            asOf: date('The day `overdue` was worked out for'),
            assignee: str('Whose tasks these are (`unassigned`: nobody’s yet)'),
            items: arrayOf(
              object(
                {
                  taskId: str('Pass to …/complete or …/reassign'),
                  pupilId: str(),
                  reference: str('The case reference (never a name)'),
                  schoolId: str(),
                  kind: str('panel-outcome, contract-review, notice-to-improve-period-ends, …'),
                  ref: str('The referral, contract, notice, order, agreed action or N code'),
                  dueOn: date('The day it is due'),
                  overdue: { type: 'boolean', description: 'Its due day has passed' },
                  assignee: { type: 'string', nullable: true },
                  action: str('What to do, in a sentence'),
                  meetingId: { type: 'string', nullable: true },
                  links: object({ case: str('The case in the API'), page: str('The case page') }),
                },
                ['taskId', 'pupilId', 'kind', 'dueOn', 'overdue', 'links'],
              ),
            ),
            nextCursor: str('Pass as `cursor` for the next page; absent on the last'),
          },
          ['asOf', 'assignee', 'items'],
        ),
      ),
    },
    readModels_caseload: {
      content: json(page('A caseload row: pupil, stage, attendance, flags, actions due')),
    },
    readModels_contracts: { content: json(page('An attendance contract and its reviews')) },
    readModels_supervisionOrders: { content: json(page('An education supervision order')) },
    readModels_eligibility: {
      content: json(page("A pupil's penalty-notice eligibility, per parent")),
    },
    readModels_panelQueue: {
      content: json(page('A panel referral awaiting a decision, with its priority')),
    },
    readModels_cohortPupils: { content: json(page('A pupil of the cohort with their attendance')) },
    readModels_cohorts: {
      content: json(
        object({ year: str(), asOf: date('Today'), cohorts: arrayOf(open('A cohort’s figures')) }),
      ),
    },
    readModels_statistics: {
      content: orCsv(
        object({
          year: str(),
          asOf: date('Today'),
          rows: arrayOf(open('A school’s figures, or the LA’s')),
        }),
      ),
    },
    readModels_parentalResponsibilityMeasures: {
      content: orCsv(
        object({
          year: str(),
          asOf: date('Today'),
          census: open('Exactly the census’s fields, in its order'),
          fields: arrayOf(open('A field’s definition, source and how it is counted')),
        }),
      ),
    },
    targetingSupportMeetings_get: {
      content: json(open('A targeting support meeting: its pupils and actions')),
    },
    families_get: { content: json(open('A family: parents, linked pupils, plans')) },
    allocation_workload: {
      content: json(
        object({
          asOf: date('Today'),
          workers: arrayOf(
            open(
              'A worker’s open cases: workerId, openCases, byStage, flags (persistent, severe, threshold), trend',
            ),
          ),
          unallocated: open('The open cases no one is allocated to, in the same figures'),
        }),
      ),
    },
    retention_policy: {
      content: json(open('The retention periods in force (`policy`) and the documented defaults')),
    },
    retention_latest: {
      content: json(
        open('The last review: `reviewedOn`, the policy, and the cases past retention (`cases`)'),
      ),
    },
    retention_review: {
      content: json(open('The review just made: the cases past retention today')),
    },
    retention_confirm: {
      content: json(open('The case erased: whose details were erased and who was kept, and why')),
    },
    people_subjectAccessExport: {
      content: {
        'application/json': {
          schema: open(
            'Everything held about the person: `person`, `families`, `events` (each with its data as held) and `reads` (the access log records of their family and children)',
          ),
        },
        'text/html': { schema: str('The same as a readable page (`Accept: text/html`)') },
      },
    },
    people_get: {
      content: json(
        open(
          'A person: kind, status (`held` or `erased`), name, address and contact details (each "[erased]" once erased), the erasure with its reason, and the families a parent is in with their parental responsibility',
        ),
      ),
    },
    codeOfConduct_get: {
      content: json(open("The LA's code of conduct in force, with its version")),
    },
    directory_schools: { content: json(arrayOf(open('A school of the directory'))) },
    directory_staff: {
      content: json(arrayOf(open('A member of staff and their allocated schools'))),
    },
    projections_status: {
      content: json(
        arrayOf(
          object(
            {
              projection: str(),
              state: { type: 'string', enum: ['running', 'standby', 'stopped', 'failed'] },
              version: { type: 'integer', nullable: true },
              position: { type: 'string', nullable: true },
              caughtUp: { type: 'boolean' },
              lag: str('Events in the feed after `position`'),
              rebuilding: { type: 'boolean' },
            },
            ['projection', 'state', 'caughtUp', 'lag', 'rebuilding'],
          ),
        ),
      ),
    },
    projections_rebuild: { status: '202', content: json(open('The rebuild requested')) },
    verify_all: { content: json(open('What audit verification found across the store')) },
    verify_stream: { content: json(open('What audit verification found in one stream')) },
    letterSettings_get: {
      content: json(
        object({
          settings: {
            ...open(
              "The LA's letter settings in force (name, address, payee, payment methods, signatories)",
            ),
            nullable: true,
          },
        }),
      ),
    },
    letters_penaltyNotice: { content: letter('The penalty notice, with every reg 3 particular') },
    letters_noticeToImprove: { content: letter('The notice to improve') },
    letters_withdrawal: { content: letter('The notice that a penalty notice is withdrawn') },
    letters_warning: { content: letter('A warning about attendance') },
    evidencePacks_penaltyNotice: { content: orHtml(open('The evidence pack of a penalty notice')) },
    evidencePacks_prosecution: { content: orHtml(open('The evidence pack of a prosecution')) },
    imports_register: {
      status: '202',
      content: json(
        object({
          importId: str(),
          created: { type: 'boolean', description: 'false when this file was already received' },
          status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed'] },
        }),
      ),
    },
    imports_report: { content: json(importReport) },
    imports_rejects: {
      content: json(
        object({ items: arrayOf(reject), nextCursor: { type: 'string', nullable: true } }),
      ),
    },
    paymentsImport_import: {
      content: json(open('The payments recorded, and every line not matched and why')),
    },
    accessLog_list: {
      content: json(
        object(
          {
            items: arrayOf(open('A read of a family’s history: who, role, when, why')),
            nextCursor: str(),
          },
          ['items'],
        ),
      ),
    },
    auditHistory_familyHistory: {
      content: orHtml(
        object(
          { items: arrayOf(open('An event of the family, in plain English')), nextCursor: str() },
          ['items'],
        ),
      ),
    },
    treeHeads_sign: {
      status: '201',
      content: json(open('The tree head just signed: size, root hash, time, Ed25519 signature')),
    },
    treeHeads_exported: {
      content: json(
        open('The signed tree heads to publish elsewhere, for later consistency checks'),
      ),
    },
    caseImport_import: {
      content: json(
        open('What the case import recorded, step by step (a repeat records nothing twice)'),
      ),
    },
    auditHistory_stateAsOf: {
      content: json(
        object({
          knownBy: open('The journey from the events recorded by then'),
          happenedBy: open('The journey from every event, as far as it had happened by then'),
        }),
      ),
    },
    ...EVENT_FEED_RESPONSES,
  };

/**
 * Evidence packs in the browser, for auditors, panel chairs and officers (as the API allows): from
 * a family's history, a pupil's notices and prosecutions, and for each its pack. The purpose is
 * asked for first; the pack is read through AuditedReads, which records the read in the access log
 * before anything is shown, exactly as the API's evidence-pack endpoint does. The printable version
 * is the API's own self-contained document (another recorded read).
 */
import { Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  AccessLog,
  AuditedReads,
  CASE_FILE_PURPOSE,
  EvidencePackSubject,
  GetFormalMeasures,
  PersonalDetailsReader,
  PurposeRequired,
  PURPOSE_MAX_LENGTH,
  PURPOSE_MIN_LENGTH,
  renderEvidencePackHtml,
} from '@app/application';
import { renderAttendanceChart } from '@app/application/audit/attendance-chart';
import { PenaltyNoticeParam, ProsecutionParam } from '../audit/evidence-packs.controller';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { PupilIdParam } from '../pupils/pupil.params';
import { WebRequest } from './web-auth.guard';
import { pathOf, sendHtml, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

type PackQuery = { purpose?: unknown; format?: unknown };
const correlationOf = (req: WebRequest & { id?: unknown }) =>
  typeof req.id === 'string' ? req.id : undefined;

@WebPage('audit/pupils')
export class EvidencePackPage {
  constructor(
    private readonly queries: QueryBus,
    private readonly reads: AuditedReads,
    private readonly accessLog: AccessLog,
    private readonly people: PersonalDetailsReader,
    private readonly pages: WebPages,
  ) {}

  /** The pupil's notices and prosecutions, each with a way to its pack. */
  @Get(':pupilId/evidence-packs')
  @RequireCapability('audit.history')
  async list(
    @Param() { pupilId }: PupilIdParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    const view = await this.queries.execute(
      new GetFormalMeasures(pupilId, accessFor(session.principal)),
    );
    await this.accessLog.record(
      session.principal,
      {
        kind: 'case-file',
        pupilId,
        purpose: CASE_FILE_PURPOSE,
        details: { view: 'evidence-packs' },
      },
      correlationOf(req),
    );
    this.pages.render(res, 'evidence-packs', { view }, session);
  }

  @Get(':pupilId/evidence-packs/penalty-notices/:noticeId')
  @RequireCapability('audit.history')
  penaltyNotice(
    @Param() { pupilId, noticeId }: PenaltyNoticeParam,
    @Query() q: PackQuery,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    return this.serve(pupilId, { kind: 'penalty-notice', noticeId }, q, req, res);
  }

  @Get(':pupilId/evidence-packs/prosecutions/:prosecutionId')
  @RequireCapability('audit.history')
  prosecution(
    @Param() { pupilId, prosecutionId }: ProsecutionParam,
    @Query() q: PackQuery,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    return this.serve(pupilId, { kind: 'prosecution', prosecutionId }, q, req, res);
  }

  private async serve(
    pupilId: string,
    subject: EvidencePackSubject,
    q: PackQuery,
    req: WebRequest,
    res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    const principal = session.principal;
    const action = pathOf(req);
    if (q.purpose === undefined)
      return this.pages.render(res, 'audit-purpose', this.purposeForm(action, null), session);
    const format = q.format === 'print' ? 'html' : 'web';
    let read;
    try {
      read = await this.reads.evidencePack(principal, pupilId, subject, q.purpose, {
        format,
        access: accessFor(principal),
        // The pupil's and parents' names, as the API's pack carries them.
        enrich: async (pack) => ({
          people: await this.people.peopleIn({ pupilId, parents: pack.parents }),
        }),
        correlationId: correlationOf(req),
      });
    } catch (error) {
      if (!(error instanceof PurposeRequired)) throw error;
      return this.pages.render(
        res,
        'audit-purpose',
        this.purposeForm(action, error.message, q.purpose),
        session,
        400,
      );
    }
    const { pack, purpose } = read;
    if (format === 'html') {
      // The printable document is self-contained (its own styles, no script): the API's policy for it.
      this.pages.secure(res);
      res.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      );
      sendHtml(
        res,
        renderEvidencePackHtml(pack, { userId: principal.userId, role: principal.role, purpose }),
      );
      return;
    }
    const a = pack.attendance;
    const parentName = (id: string) => {
      const p = pack.parents.find((x) => x.parentId === id);
      const name = pack.people?.[id]?.name ?? p?.reference;
      return p ? `${name} (${p.relationship})` : id;
    };
    this.pages.render(
      res,
      'evidence-pack',
      {
        pack,
        purpose,
        subjectParents: pack.subject.parentIds.map(parentName).join(', '),
        facts: Object.entries(pack.subject.facts)
          .filter(([, v]) => v === null || typeof v !== 'object')
          .filter(
            ([k]) => !['parentId', 'issuedOn', 'laidOn', 'noticeId', 'prosecutionId'].includes(k),
          )
          .map(([k, v]) => ({
            key: { text: k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() },
            value: { text: v === null ? '—' : String(v) },
          })),
        chart: renderAttendanceChart({
          weeks: a.weeks,
          window: a.thresholdAtDecision,
          windowSessions: a.thresholdAtDecision.count,
        }),
        printHref: `${action}?purpose=${encodeURIComponent(purpose)}&format=print`,
      },
      session,
    );
  }

  private purposeForm(action: string, error: string | null, purpose?: unknown) {
    return {
      action,
      question: 'Why do you need this evidence pack?',
      readWhat: 'an evidence pack',
      button: 'Show the evidence pack',
      example: 'Court bundle for the hearing on 12 March',
      error,
      purpose: typeof purpose === 'string' ? purpose : '',
      min: PURPOSE_MIN_LENGTH,
      max: PURPOSE_MAX_LENGTH,
    };
  }
}

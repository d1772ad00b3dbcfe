/**
 * Family history for auditors (and panel chairs and officers, as the API allows): the purpose is
 * asked for first, then the read is made through AuditedReads, which records it in the access log
 * before anything is shown; the timeline says what happened, to whom, who did it in what role, when
 * it happened and when it was recorded, and why. The as-of view shows a pupil's journey as known by
 * a date beside it as happened by that date.
 */
import { Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  AuditedReads,
  InvalidAuditQuery,
  parseCursor,
  PurposeRequired,
  PURPOSE_MAX_LENGTH,
  PURPOSE_MIN_LENGTH,
} from '@app/application';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { FamilyIdParam } from '../families/family.dto';
import { PupilIdParam } from '../pupils/pupil.params';
import { WebRequest } from './web-auth.guard';
import type { WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

const PAGE_SIZE = 100;
type AuditQuery = {
  purpose?: unknown;
  cursor?: unknown;
  'at-day'?: unknown;
  'at-month'?: unknown;
  'at-year'?: unknown;
};

/** The GOV.UK date input's three fields as the YYYY-MM-DD the audit reads take (checked there). */
const dateOf = (q: AuditQuery): string | undefined => {
  const [d, m, y] = [q['at-day'], q['at-month'], q['at-year']].map((v) =>
    typeof v === 'string' ? v.trim() : '',
  );
  if (!d && !m && !y) return undefined;
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
};
const correlationOf = (req: WebRequest & { id?: unknown }) =>
  typeof req.id === 'string' ? req.id : undefined;

@WebPage('audit')
export class AuditPage {
  constructor(
    private readonly reads: AuditedReads,
    private readonly pages: WebPages,
  ) {}

  @Get('families/:familyId')
  @RequireCapability('audit.history')
  async familyHistory(
    @Param() { familyId }: FamilyIdParam,
    @Query() q: AuditQuery,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    if (q.purpose === undefined)
      return this.pages.render(res, 'audit-purpose', this.purposeForm(familyId, null), session);
    let read;
    try {
      read = await this.reads.familyHistory(
        session.principal,
        familyId,
        q.purpose,
        () => ({
          filter: {},
          paging: { cursor: parseCursor(q.cursor), limit: PAGE_SIZE },
        }),
        { format: 'web' },
        correlationOf(req),
      );
    } catch (error) {
      if (!(error instanceof PurposeRequired)) throw error;
      return this.pages.render(
        res,
        'audit-purpose',
        this.purposeForm(familyId, error.message, q.purpose),
        session,
        400,
      );
    }
    const { history, page, purpose } = read;
    this.pages.render(
      res,
      'family-history',
      {
        familyId,
        reference: history.family.reference,
        pupils: history.pupils,
        entries: page.entries,
        nextCursor: page.nextCursor,
        purpose,
        asOfError: null,
      },
      session,
    );
  }

  @Get('pupils/:pupilId/as-of')
  @RequireCapability('audit.history')
  async asOf(
    @Param() { pupilId }: PupilIdParam,
    @Query() q: AuditQuery,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    let view;
    try {
      view = await this.reads.pupilStateAsOf(
        session.principal,
        pupilId,
        dateOf(q),
        q.purpose,
        accessFor(session.principal),
        correlationOf(req),
      );
    } catch (error) {
      if (!(error instanceof PurposeRequired || error instanceof InvalidAuditQuery)) throw error;
      return this.pages.render(
        res,
        'error',
        { status: 400, title: 'There is a problem', detail: error.message },
        session,
        400,
      );
    }
    this.pages.render(res, 'as-of', { view, purpose: String(q.purpose) }, session);
  }

  private purposeForm(familyId: string, error: string | null, purpose?: unknown) {
    return {
      familyId,
      error,
      purpose: typeof purpose === 'string' ? purpose : '',
      min: PURPOSE_MIN_LENGTH,
      max: PURPOSE_MAX_LENGTH,
    };
  }
}

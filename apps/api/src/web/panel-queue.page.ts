/**
 * The panel queue for panel chairs: referrals in triage order with the reasons behind each priority,
 * and the form to record the panel's decision (the same command as the API's
 * POST /pupils/{id}/panel-referrals/{referralId}/decision, validated by the same DTO).
 */
import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CaseworkQueries, GetPupilJourney, ReadYourWrites, validateAs } from '@app/application';
import { DomainError, PANEL_DECISIONS } from '@app/domain';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { PupilCommandSender } from '../pupils/pupil-command-sender';
import { PanelDecisionDto } from '../pupils/pupil.dto';
import { PupilItemParam } from '../pupils/pupil.params';
import { WebRequest } from './web-auth.guard';
import { webCall } from './web-call';
import { redirect, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

const PAGE_SIZE = 50;

@WebPage('panel')
export class PanelQueuePage {
  constructor(
    private readonly queries: CaseworkQueries,
    private readonly bus: QueryBus,
    private readonly consistency: ReadYourWrites,
    private readonly sender: PupilCommandSender,
    private readonly pages: WebPages,
  ) {}

  @Get()
  @RequireCapability('panel.decide')
  async show(
    @Query() q: Record<string, unknown>,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    // After a decision the queue waits for it to be projected, so the case has left the list.
    await this.consistency.wait(typeof q.position === 'string' ? q.position : undefined);
    const cursor = typeof q.cursor === 'string' && q.cursor ? q.cursor : undefined;
    const result = await this.queries.panelQueue(req.principal!, {}, { cursor, limit: PAGE_SIZE });
    this.pages.render(
      res,
      'panel-queue',
      { section: '/panel', result, decided: q.decided === 'true' },
      req.webSession!,
    );
  }

  @Get(':pupilId/:itemId/decision')
  @RequireCapability('panel.decide')
  async decisionForm(
    @Param() p: PupilItemParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    await this.renderForm(res, req, p, {}, []);
  }

  @Post(':pupilId/:itemId/decision')
  @RequireCapability('panel.decide')
  async decide(@Param() p: PupilItemParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    const form = req.body as { decision?: string; rationale?: string };
    const checked = await validateAs(PanelDecisionDto, {
      decision: form.decision,
      rationale: form.rationale?.trim() || undefined,
    });
    if (!checked.value) {
      const errors = checked.errors.map((e) => ({
        field: e.field,
        text:
          e.field === 'decision'
            ? 'Select the panel’s decision'
            : form.rationale?.trim()
              ? e.messages[0]
              : 'Enter the reasons for the decision',
      }));
      return this.renderForm(res, req, p, form, errors, 400);
    }
    let position: string | null;
    try {
      ({ position } = await this.sender.send(webCall(req, res), p.pupilId, {
        type: 'RecordPanelDecision',
        referralId: p.itemId,
        ...checked.value,
      }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.renderForm(res, req, p, form, [{ field: 'decision', text: error.message }], 422);
    }
    redirect(res, `/panel?decided=true${position ? `&position=${position}` : ''}`);
  }

  private async renderForm(
    res: WebHttpResponse,
    req: WebRequest,
    { pupilId, itemId }: PupilItemParam,
    form: { decision?: string; rationale?: string },
    errors: { field: string; text: string }[],
    status = 200,
  ) {
    const view = await this.bus.execute(new GetPupilJourney(pupilId, accessFor(req.principal!)));
    const referral = view.summary.openItems.pendingPanelReferral;
    this.pages.render(
      res,
      'panel-decision',
      {
        section: '/panel',
        journey: view.summary,
        referralId: itemId,
        pending: referral?.referralId === itemId ? referral : null,
        form,
        decisions: PANEL_DECISIONS,
        errors: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
        errorFor: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      },
      req.webSession!,
      status,
    );
  }
}

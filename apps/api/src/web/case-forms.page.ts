/**
 * The forms on a pupil's case, each a page of its own: a concern, a support action and its outcome,
 * a review of an attendance contract, a referral to the attendance panel. Each posts the command
 * the API's endpoint sends, validated by the same DTO. A form about an item already on the case
 * (an outcome, a review) carries the case's revision as it was when the form opened, sent as the
 * API's If-Match: if the case changed meanwhile (someone else recorded the outcome, say), nothing is
 * recorded and the page says so, with the answers kept and a link to the case. A form recording a
 * new fact is decided afresh, as the API decides a write without If-Match: what else landed on the
 * case meanwhile (the week's registers, a deadline) cannot make it wrong, and the rules refuse what
 * would (a second referral while one waits).
 */
import { Get, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  CaseNotFound,
  GetPupilJourney,
  StaleRevisionError,
  toProblem,
  validateAs,
} from '@app/application';
import { DomainError } from '@app/domain';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { PupilCommandSender } from '../pupils/pupil-command-sender';
import { PupilIdParam, PupilItemParam } from '../pupils/pupil.params';
import {
  CaseForm,
  CONCERN_FORM,
  CONTRACT_REVIEW_FORM,
  PANEL_REFERRAL_FORM,
  SUPPORT_ACTION_FORM,
  SUPPORT_OUTCOME_FORM,
} from './case-forms';
import { errorsForPage, FieldError, mergeErrors, PostedForm } from './form-fields';
import { WebRequest } from './web-auth.guard';
import { webCall } from './web-call';
import { redirect, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

interface Target {
  pupilId: string;
  itemId?: string;
}

interface Outcome {
  status: number;
  errors?: FieldError[];
  /** The case changed after the form was opened (a 412 from the command path). */
  conflict?: boolean;
}

@WebPage('cases')
export class CaseFormsPage {
  constructor(
    private readonly queries: QueryBus,
    private readonly sender: PupilCommandSender,
    private readonly pages: WebPages,
  ) {}

  @Get(':pupilId/concerns/new')
  @RequireCapability('case.record')
  newConcern(@Param() p: PupilIdParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    return this.open(CONCERN_FORM, p, req, res);
  }

  @Post(':pupilId/concerns')
  @RequireCapability('case.record')
  raiseConcern(@Param() p: PupilIdParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    return this.record(CONCERN_FORM, p, req, res);
  }

  @Get(':pupilId/support-actions/new')
  @RequireCapability('case.record')
  newSupportAction(@Param() p: PupilIdParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    return this.open(SUPPORT_ACTION_FORM, p, req, res);
  }

  @Post(':pupilId/support-actions')
  @RequireCapability('case.record')
  recordSupportAction(
    @Param() p: PupilIdParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    return this.record(SUPPORT_ACTION_FORM, p, req, res);
  }

  @Get(':pupilId/support-actions/:itemId/outcome/new')
  @RequireCapability('case.record')
  newSupportOutcome(
    @Param() p: PupilItemParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    return this.open(SUPPORT_OUTCOME_FORM, p, req, res);
  }

  @Post(':pupilId/support-actions/:itemId/outcome')
  @RequireCapability('case.record')
  recordSupportOutcome(
    @Param() p: PupilItemParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    return this.record(SUPPORT_OUTCOME_FORM, p, req, res);
  }

  @Get(':pupilId/attendance-contracts/:itemId/reviews/new')
  @RequireCapability('case.record')
  newContractReview(
    @Param() p: PupilItemParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    return this.open(CONTRACT_REVIEW_FORM, p, req, res);
  }

  @Post(':pupilId/attendance-contracts/:itemId/reviews')
  @RequireCapability('case.record')
  reviewContract(@Param() p: PupilItemParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    return this.record(CONTRACT_REVIEW_FORM, p, req, res);
  }

  @Get(':pupilId/panel-referrals/new')
  @RequireCapability('case.record')
  newPanelReferral(@Param() p: PupilIdParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    return this.open(PANEL_REFERRAL_FORM, p, req, res);
  }

  @Post(':pupilId/panel-referrals')
  @RequireCapability('case.record')
  referToPanel(@Param() p: PupilIdParam, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    return this.record(PANEL_REFERRAL_FORM, p, req, res);
  }

  /** Opening a form checks the case (and the item) is theirs and open before anything is typed. */
  private async open(form: CaseForm, target: Target, req: WebRequest, res: WebHttpResponse) {
    await this.render(form, target, req, res, {}, { status: 200 }, true);
  }

  private async record<D extends object>(
    form: CaseForm<D>,
    target: Target,
    req: WebRequest,
    res: WebHttpResponse,
  ) {
    const posted = req.body as PostedForm;
    const read = form.read(posted);
    const checked = await validateAs(form.dto, read.body);
    const errors = mergeErrors(read.errors, checked.errors);
    if (errors.length || !checked.value)
      return this.render(form, target, req, res, posted, { status: 400, errors });
    const call = {
      ...webCall(req, res),
      ifMatch: form.pinned && typeof posted.revision === 'string' ? posted.revision : undefined,
    };
    let position: string | null;
    try {
      ({ position } = await this.sender.send(
        call,
        target.pupilId,
        form.command(checked.value, { newId: call.newId(), itemId: target.itemId }),
      ));
    } catch (error) {
      if (error instanceof StaleRevisionError)
        return this.render(form, target, req, res, posted, { status: 412, conflict: true });
      if (!(error instanceof DomainError) || error instanceof CaseNotFound) throw error;
      const field = typeof error.details.field === 'string' ? error.details.field : form.firstField;
      // The API's status for the refusal: 409 for the case's state, 422 for a rule.
      return this.render(form, target, req, res, posted, {
        status: toProblem(error).status,
        errors: [{ field, messages: [error.message] }],
      });
    }
    redirect(
      res,
      `/cases/${encodeURIComponent(target.pupilId)}?recorded=${form.recorded}${position ? `&position=${position}` : ''}`,
    );
  }

  private async render(
    form: CaseForm,
    { pupilId, itemId }: Target,
    req: WebRequest,
    res: WebHttpResponse,
    posted: PostedForm,
    outcome: Outcome,
    opening = false,
  ) {
    const view = await this.queries.execute(
      new GetPupilJourney(pupilId, accessFor(req.principal!)),
    );
    const subject = itemId && form.subject ? form.subject(view.summary, itemId) : null;
    if (opening && itemId && !subject)
      throw new NotFoundException({
        detail: `There is nothing open with the id ${itemId} on this case to record this for.`,
      });
    // The revision the answers were given against; after a conflict, the case as it is now, so
    // sending the answers again (once the case has been checked) records them.
    const revision = !form.pinned
      ? null
      : outcome.conflict || typeof posted.revision !== 'string'
        ? view.revision.toString()
        : posted.revision;
    const path = form.path.replace(':itemId', encodeURIComponent(itemId ?? ''));
    this.pages.render(
      res,
      form.page,
      {
        section: '/my-caseload',
        journey: view.summary,
        action: `/cases/${encodeURIComponent(pupilId)}/${path}`,
        revision,
        subject,
        form: posted,
        options: form.options ?? {},
        conflict: outcome.conflict ?? false,
        ...errorsForPage(outcome.errors ?? [], (f) => (form.dates.includes(f) ? `${f}-day` : f)),
      },
      req.webSession!,
      outcome.status,
    );
  }
}

/**
 * A pupil's case: the journey as it stands, and the form to record a conversation (listen and
 * understand). The form posts the same command the API's POST /pupils/{id}/conversations sends,
 * validated by the same DTO; failures come back as the GOV.UK error summary beside each field.
 */
import { Get, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  CaseFileQueries,
  GetPupilJourney,
  hasCapability,
  ReadYourWrites,
  validateAs,
} from '@app/application';
import { BARRIERS, DomainError } from '@app/domain';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { PupilCommandSender } from '../pupils/pupil-command-sender';
import { RecordConversationDto } from '../pupils/pupil.dto';
import { PupilIdParam } from '../pupils/pupil.params';
import { attendanceChart } from './case-attendance-chart';
import { SUPPORT_KIND_OPTIONS } from './case-forms';
import { conversationForm, ConversationForm, WITH_WHOM } from './conversation-form';
import { errorsForPage, FieldError, mergeErrors } from './form-fields';
import { WebRequest } from './web-auth.guard';
import { webCall } from './web-call';
import { queryParam, redirect, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

const SUPPORT_KIND_NAMES = Object.fromEntries(SUPPORT_KIND_OPTIONS.map((o) => [o.value, o.text]));

/** The newest items of the case file shown on the case page. */
const CASE_FILE_ITEMS = 20;

@WebPage('cases')
export class CasePage {
  constructor(
    private readonly queries: QueryBus,
    private readonly caseFiles: CaseFileQueries,
    private readonly consistency: ReadYourWrites,
    private readonly sender: PupilCommandSender,
    private readonly pages: WebPages,
  ) {}

  @Get(':pupilId')
  @RequireCapability('case.read')
  async show(
    @Param() { pupilId }: PupilIdParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    const view = await this.queries.execute(
      new GetPupilJourney(pupilId, accessFor(session.principal), undefined, true),
    );
    const recorded = queryParam(req, 'recorded') ?? null;
    // After a form, wait until the case file holds what was just recorded.
    await this.consistency.wait(queryParam(req, 'position'));
    // A read of the case file, recorded in the access log like the API's.
    const caseFile = await this.caseFiles.read(session.principal, pupilId, {
      limit: CASE_FILE_ITEMS,
      correlationId: typeof req.id === 'string' ? req.id : undefined,
    });
    this.pages.render(
      res,
      'case',
      {
        section: '/my-caseload',
        journey: view.summary,
        caseFile,
        chart: attendanceChart(view.summary, view.weeks ?? null),
        recorded,
        canRecord: hasCapability(session.principal, 'case.record'),
        supportKindNames: SUPPORT_KIND_NAMES,
        canReadHistory: hasCapability(session.principal, 'audit.history'),
        canSeeMeasures: hasCapability(session.principal, 'case.formalise'),
      },
      session,
    );
  }

  @Get(':pupilId/conversations/new')
  @RequireCapability('case.record')
  async newConversation(
    @Param() { pupilId }: PupilIdParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    // Opening the form checks the case exists and is theirs before anything is typed.
    await this.queries.execute(new GetPupilJourney(pupilId, accessFor(session.principal)));
    this.renderForm(res, req, pupilId, {}, []);
  }

  @Post(':pupilId/conversations')
  @RequireCapability('case.record')
  async recordConversation(
    @Param() { pupilId }: PupilIdParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const form = req.body as ConversationForm;
    const { body, errors: formErrors } = conversationForm(form);
    const checked = await validateAs(RecordConversationDto, body);
    const errors = mergeErrors(formErrors, checked.errors);
    if (errors.length || !checked.value)
      return this.renderForm(res, req, pupilId, form, errors, 400);
    const call = webCall(req, res);
    let position: string | null;
    try {
      ({ position } = await this.sender.send(call, pupilId, {
        type: 'RecordConversation',
        conversationId: call.newId(),
        ...checked.value,
      }));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.renderForm(
        res,
        req,
        pupilId,
        form,
        [{ field: 'heldOn', messages: [error.message] }],
        422,
      );
    }
    redirect(
      res,
      `/cases/${encodeURIComponent(pupilId)}?recorded=conversation${position ? `&position=${position}` : ''}`,
    );
  }

  private renderForm(
    res: WebHttpResponse,
    req: WebRequest,
    pupilId: string,
    form: Partial<ConversationForm>,
    errors: FieldError[],
    status = 200,
  ) {
    this.pages.render(
      res,
      'conversation',
      {
        section: '/my-caseload',
        pupilId,
        form,
        ...errorsForPage(errors, (f) => (f === 'heldOn' ? 'heldOn-day' : f)),
        barriers: BARRIERS,
        withWhomOptions: WITH_WHOM,
      },
      req.webSession!,
      status,
    );
  }
}

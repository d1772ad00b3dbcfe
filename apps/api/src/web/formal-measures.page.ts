/**
 * Formal measures for attendance officers: a pupil's penalty-notice eligibility with its reasons,
 * notices to improve, penalty notices, attendance contracts and education supervision orders, and
 * the forms that record them. Each form sends the command the API's endpoint sends, validated by
 * the same DTO, with the same capability; a notice is first decided without being recorded, so the
 * officer sees the amounts and dates it will carry and confirms them; the confirmation is pinned
 * to the case it was checked on: if the case changed meanwhile nothing is recorded and the form
 * says so.
 */
import { ForbiddenException, Get, NotFoundException, Post, Req, Res, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  AccessLog,
  CASE_FILE_PURPOSE,
  CaseworkQueries,
  FormalMeasuresView,
  GetFormalMeasures,
  hasCapability,
  PreviewPupilCommand,
  ReadYourWrites,
  StaleRevisionError,
  toProblem,
  validateAs,
} from '@app/application';
import { amountDue, DomainError } from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { RequireCapability } from '../auth/auth.decorators';
import { accessFor } from '../common/command-context';
import { ID_PATTERN } from '../common/validators';
import { PupilCommandSender } from '../pupils/pupil-command-sender';
import { PupilIdParam } from '../pupils/pupil.params';
import {
  FieldError,
  fieldFor,
  formDefaults,
  FormValues,
  hiddenValues,
  inputIdFor,
  measureBody,
} from './measure-form';
import { MEASURE_KEYS, MeasureContext, MeasureKey, MEASURES, parentLabel } from './measures';
import { noticeTerms } from './notice-terms';
import { WebRequest } from './web-auth.guard';
import { webCall } from './web-call';
import { queryParam, redirect, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

export class MeasureParams extends PupilIdParam {
  @ApiProperty({ enum: MEASURE_KEYS }) @IsIn(MEASURE_KEYS) measure!: MeasureKey;
  @ApiProperty({ required: false })
  @IsOptional()
  @Matches(ID_PATTERN, { message: '$property must be an id' })
  itemId?: string;
}

const correlationOf = (req: WebRequest & { id?: unknown }) =>
  typeof req.id === 'string' ? req.id : undefined;

@WebPage('cases')
export class FormalMeasuresPage {
  constructor(
    private readonly queries: QueryBus,
    private readonly casework: CaseworkQueries,
    private readonly consistency: ReadYourWrites,
    private readonly accessLog: AccessLog,
    private readonly sender: PupilCommandSender,
    private readonly pages: WebPages,
  ) {}

  @Get(':pupilId/measures')
  @RequireCapability('case.formalise')
  async show(
    @Param() { pupilId }: PupilIdParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const session = req.webSession!;
    const principal = session.principal;
    await this.consistency.wait(queryParam(req, 'position'));
    const view = await this.queries.execute(new GetFormalMeasures(pupilId, accessFor(principal)));
    const eligibility = await this.casework.eligibilityFor(principal, pupilId);
    // A read of the case, recorded in the access log like the case file's.
    await this.accessLog.record(
      principal,
      {
        kind: 'case-file',
        pupilId,
        purpose: CASE_FILE_PURPOSE,
        details: { view: 'formal-measures' },
      },
      correlationOf(req),
    );
    const today = this.casework.today();
    const recorded = MEASURES[queryParam(req, 'recorded') as MeasureKey]?.recorded ?? null;
    const parent = (id: string) => parentLabel(view, id);
    this.pages.render(
      res,
      'measures',
      {
        section: '/my-caseload',
        view,
        recorded,
        today,
        eligibility: eligibility && {
          ...eligibility,
          parents: eligibility.parents.map((p) => ({ ...p, label: parent(p.parentId) })),
        },
        noticesToImprove: view.noticesToImprove.map((n) => ({ ...n, to: parent(n.parentId) })),
        penaltyNotices: view.penaltyNotices.map((n) => ({
          ...n,
          to: parent(n.parentId),
          // What is due by each deadline, by the domain's rule for payments.
          reducedAmount: n.reducedRateEnds ? amountDue(n, n.reducedRateEnds) : null,
          amount: amountDue(n, n.paymentEnds),
        })),
        contracts: view.contracts.map((c) => ({ ...c, with: c.parentIds.map(parent).join(', ') })),
        can: {
          enforce: hasCapability(principal, 'case.enforce'),
          record: hasCapability(principal, 'case.record'),
          formalise: hasCapability(principal, 'case.formalise'),
          evidencePacks: hasCapability(principal, 'audit.history'),
        },
      },
      session,
    );
  }

  @Get([':pupilId/measures/:measure/new', ':pupilId/measures/:measure/:itemId/new'])
  @RequireCapability('case.read')
  async form(@Param() params: MeasureParams, @Req() req: WebRequest, @Res() res: WebHttpResponse) {
    const { spec, context } = await this.open(params, req);
    const defaults = formDefaults(
      spec.fields(context),
      context.today,
      spec.defaults?.(context) ?? {},
    );
    this.renderForm(res, req, params, context, defaults, [], 200);
  }

  @Post([':pupilId/measures/:measure', ':pupilId/measures/:measure/:itemId'])
  @RequireCapability('case.read')
  async submit(
    @Param() params: MeasureParams,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const { spec, context } = await this.open(params, req);
    const form = req.body as FormValues;
    const fields = spec.fields(context);
    const { body, errors: formErrors } = measureBody(fields, form);
    const checked = await validateAs(spec.dto, body);
    const errors = [
      ...formErrors,
      ...checked.errors
        .map((e) => ({ field: fieldFor(fields, e.field), messages: e.messages }))
        .filter((e) => !formErrors.some((f) => f.field === e.field)),
    ];
    if (errors.length || !checked.value)
      return this.renderForm(res, req, params, context, form, errors, 400);

    const call = webCall(req, res);
    const command = spec.command(checked.value, {
      newId: call.newId(),
      itemId: params.itemId ?? '',
    });
    const refused = (error: unknown, status?: number) => {
      if (!(error instanceof DomainError)) throw error;
      // A refusal about one field is shown there; one about the case, in the summary only.
      const field = error.details.field;
      const at = typeof field === 'string' ? fieldFor(fields, field) : '';
      return this.renderForm(
        res,
        req,
        params,
        context,
        form,
        [{ field: at, messages: [error.message] }],
        status ?? toProblem(error).status,
      );
    };

    // A notice is recorded only from its confirmation page, pinned to the case it was checked on.
    if (spec.confirm && (form.confirm !== 'yes' || !revisionOf(form))) {
      let preview;
      try {
        preview = await this.queries.execute(
          new PreviewPupilCommand(params.pupilId, command, accessFor(req.principal!)),
        );
      } catch (error) {
        return refused(error);
      }
      return this.pages.render(
        res,
        'measure-confirm',
        {
          section: '/my-caseload',
          pupilId: params.pupilId,
          reference: context.view.reference,
          title: `Check the ${spec.title.replace(/^Issue an? /, '')} before you issue it`,
          action: this.actionOf(params),
          rows: preview.events.flatMap((e) => noticeTerms(e, context.view)),
          hidden: hiddenValues(form),
          revision: preview.revision.toString(),
          changeHref: `${this.actionOf(params)}/new`,
        },
        req.webSession!,
      );
    }

    let position: string | null;
    try {
      ({ position } = await this.sender.send(
        // A confirmed notice is pinned to the case it was decided on, so what was shown is what is
        // recorded; other forms are decided afresh on the case as it is.
        { ...call, ifMatch: spec.confirm ? revisionOf(form) : undefined },
        params.pupilId,
        command,
      ));
    } catch (error) {
      if (error instanceof StaleRevisionError) {
        // Shown again with what they typed, to be checked against the case as it is now.
        const fresh = await this.open(params, req);
        return this.renderForm(
          res,
          req,
          params,
          fresh.context,
          form,
          [
            {
              field: '',
              messages: [
                'The case changed after you checked this notice (something was recorded on it meanwhile), so nothing was recorded. Check the notice again against the case as it is now.',
              ],
            },
          ],
          412,
        );
      }
      return refused(error);
    }
    redirect(
      res,
      `/cases/${encodeURIComponent(params.pupilId)}/measures?recorded=${params.measure}${position ? `&position=${position}` : ''}`,
    );
  }

  /** The measure, if the role may record it, and what its form is drawn from. */
  private async open(params: MeasureParams, req: WebRequest) {
    const principal = req.principal!;
    const spec = MEASURES[params.measure];
    if (!hasCapability(principal, spec.capability))
      throw new ForbiddenException({
        title: 'Forbidden',
        detail: `Your role (${principal.role}) may not open this page.`,
      });
    if (Boolean(spec.item) !== Boolean(params.itemId)) throw new NotFoundException();
    const view = await this.queries.execute(
      new GetFormalMeasures(params.pupilId, accessFor(principal)),
    );
    if (params.itemId && !itemExists(view, spec.item, params.itemId))
      throw new NotFoundException({ detail: `There is no such ${spec.item} on this case.` });
    const eligibility = spec.confirm
      ? await this.casework.eligibilityFor(principal, params.pupilId)
      : null;
    const context: MeasureContext = {
      view,
      today: this.casework.today(),
      itemId: params.itemId,
      offencePeriod: eligibility?.offencePeriod ?? null,
    };
    return { spec, context };
  }

  private actionOf(params: MeasureParams): string {
    return `/cases/${params.pupilId}/measures/${params.measure}${params.itemId ? `/${params.itemId}` : ''}`;
  }

  private renderForm(
    res: WebHttpResponse,
    req: WebRequest,
    params: MeasureParams,
    context: MeasureContext,
    form: FormValues,
    errors: FieldError[],
    status: number,
  ) {
    const spec = MEASURES[params.measure];
    const fields = spec.fields(context);
    this.pages.render(
      res,
      'measure-form',
      {
        section: '/my-caseload',
        pupilId: params.pupilId,
        reference: context.view.reference,
        title: spec.title,
        intro: spec.intro,
        button: spec.button,
        item: spec.item ? { kind: spec.item, id: params.itemId } : null,
        action: this.actionOf(params),
        fields,
        form,
        noParents: fields.some(
          (f) => 'choices' in f && f.name.startsWith('parent') && !f.choices.length,
        ),
        errors: errors.map((e) => ({
          text: e.messages[0],
          href: `#${inputIdFor(fields, e.field || (fields[0]?.name ?? ''))}`,
        })),
        errorFor: Object.fromEntries(
          errors.filter((e) => e.field).map((e) => [e.field, e.messages[0]]),
        ),
      },
      req.webSession!,
      status,
    );
  }
}

/** The revision the form was shown against, as the If-Match the API would be sent. */
const revisionOf = (form: FormValues): string | undefined => {
  const r = form.revision;
  return typeof r === 'string' && /^\d{1,19}$/.test(r) ? `W/"${r}"` : undefined;
};

function itemExists(view: FormalMeasuresView, kind: string | undefined, itemId: string): boolean {
  switch (kind) {
    case 'notice to improve':
      return view.noticesToImprove.some((n) => n.noticeId === itemId);
    case 'penalty notice':
      return view.penaltyNotices.some((n) => n.noticeId === itemId);
    case 'attendance contract':
      return view.contracts.some((c) => c.contractId === itemId);
    case 'supervision order':
      return view.supervisionOrders.some((o) => o.orderId === itemId);
    default:
      return false;
  }
}

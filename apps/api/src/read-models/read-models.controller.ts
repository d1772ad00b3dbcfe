import { BadRequestException, Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  PersonalDetailsReader,
  APP_CONFIG,
  AppConfig,
  CaseworkQueries,
  Principal,
  prmCensus,
  prmCensusCsv,
  ReadYourWrites,
  statisticsCsv,
  statisticsRows,
  workerRows,
} from '@app/application';
import { academicYearLabel, academicYearOf } from '@app/domain';
import { COHORTS } from '@app/read-models';
import type { Response } from 'express';
import { CurrentPrincipal, RequireCapability } from '../auth/auth.decorators';
import * as dto from './read-models.dto';

const page = (q: dto.PageQuery) => ({ cursor: q.cursor, limit: q.limit });

/**
 * What people work from: caseloads, contracts, supervision orders, penalty-notice eligibility, the
 * panel queue, cohort oversight and statistics. Every query takes `position` (read-your-writes:
 * the answer includes the command that returned it, or 503 after a bounded wait), `cursor` and
 * `limit`; answers carry `asOf`, the date today-dependent fields were worked out for.
 */
@ApiTags('read models')
@ApiBearerAuth()
@Controller()
export class ReadModelsController {
  constructor(
    private readonly queries: CaseworkQueries,
    private readonly consistency: ReadYourWrites,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly people: PersonalDetailsReader,
  ) {}

  @Get('caseloads')
  @RequireCapability('journey.read')
  @ApiOperation({
    summary:
      'Caseload, most urgent first: stage, attendance this term and year, flags, trend, open items, next action due, days since contact. A link worker sees their own cases by default, or one of their schools.',
  })
  async caseload(@Query() q: dto.CaseloadQuery, @CurrentPrincipal() p: Principal) {
    await this.consistency.wait(q.position);
    return this.queries.caseload(
      p,
      {
        schoolId: q.schoolId,
        workerId: q.workerId,
        stage: q.stage,
        flag: q.flag,
        status: q.status,
      },
      page(q),
    );
  }

  @Get('contracts')
  @RequireCapability('case.read')
  @ApiOperation({ summary: 'Attendance contracts: active, due for review, not kept, ended' })
  async contracts(@Query() q: dto.ContractsQuery, @CurrentPrincipal() p: Principal) {
    await this.consistency.wait(q.position);
    return this.queries.contracts(
      p,
      { schoolId: q.schoolId, workerId: q.workerId, status: q.status },
      page(q),
    );
  }

  @Get('supervision-orders')
  @RequireCapability('case.read')
  @ApiOperation({
    summary:
      'Education supervision orders: applications, orders in force, supervisor, expiry, extension window, non-compliance',
  })
  async supervisionOrders(
    @Query() q: dto.SupervisionOrdersQuery,
    @CurrentPrincipal() p: Principal,
  ) {
    await this.consistency.wait(q.position);
    return this.queries.supervisionOrders(
      p,
      {
        schoolId: q.schoolId,
        supervisorId: q.supervisorId,
        status: q.status,
        extensionWindowOpen: q.extensionWindowOpen,
      },
      page(q),
    );
  }

  @Get('penalty-notice-eligibility')
  @RequireCapability('case.read')
  @ApiOperation({
    summary:
      'Pupils meeting the national threshold, with the sessions and window, and for each parent: notices in the last 3 years, the notice to improve, and whether a notice can be issued today (amount) or from when, with the other routes',
  })
  async eligibility(@Query() q: dto.ScopeQuery, @CurrentPrincipal() p: Principal) {
    await this.consistency.wait(q.position);
    const answer = await this.queries.eligibility(
      p,
      { schoolId: q.schoolId, workerId: q.workerId },
      page(q),
    );
    // Names and addresses are opened here, at read time: the read model holds ids only.
    return { ...answer, people: await this.people.peopleIn(answer.items) };
  }

  @Get('panel-queue')
  @RequireCapability('case.read')
  @ApiOperation({
    summary: 'Cases referred to the panel, highest triage priority first, with reasons',
  })
  async panelQueue(@Query() q: dto.SchoolPageQuery, @CurrentPrincipal() p: Principal) {
    await this.consistency.wait(q.position);
    return this.queries.panelQueue(p, { schoolId: q.schoolId }, page(q));
  }

  @Get('cohorts/:cohort/pupils')
  @RequireCapability('oversight.read')
  @ApiOperation({
    summary:
      'Cohort tracker, pupil level: attendance, persistent/severe absence, suspensions (E) and part-time timetables (C2) this year',
  })
  async cohortPupils(@Param() { cohort }: dto.CohortParam, @Query() q: dto.SchoolPageQuery) {
    await this.consistency.wait(q.position);
    return this.queries.cohortPupils(cohort, { schoolId: q.schoolId }, page(q));
  }

  @Get('cohorts')
  @RequireCapability('oversight.read')
  @ApiOperation({ summary: 'Cohort tracker, cohort level, by school and LA-wide, for a year' })
  async cohorts(@Query() q: dto.CohortSummaryQuery) {
    await this.consistency.wait(q.position);
    const year = this.year(q.year);
    const cohorts = q.cohort ? [q.cohort] : [...COHORTS];
    const result = [];
    for (const cohort of cohorts) {
      const docs = await this.queries.statistics(`cohort|${cohort}|${year}`);
      result.push({
        cohort,
        schools: docs.map((d) => {
          const c = d.counters;
          const n = (k: string) => c[k] ?? 0;
          return {
            schoolId: d.schoolId,
            pupils: n('pupils'),
            attendanceRate: n('possible') ? n('attended') / n('possible') : null,
            persistentAbsence: n('persistent'),
            severeAbsence: n('severe'),
            suspensionSessions: n('suspensionSessions'),
            pupilsSuspended: n('pupilsSuspended'),
            partTimeSessions: n('partTimeSessions'),
            pupilsOnPartTimeTimetables: n('pupilsPartTime'),
          };
        }),
      });
    }
    return { year, asOf: this.queries.today(), cohorts: result };
  }

  @Get('statistics')
  @RequireCapability('oversight.read')
  @ApiOperation({
    summary:
      "Open cases by stage, flag and attendance trend, per school, for the LA and per lead practitioner (workers); persistent and severe absence rates; the year's notices, prosecutions, contracts and ESOs (format=csv); the census itself is /statistics/parental-responsibility-measures",
  })
  async statistics(@Query() q: dto.StatisticsQuery, @Res({ passthrough: true }) res: Response) {
    await this.consistency.wait(q.position);
    const year = this.year(q.year);
    const rows = statisticsRows(
      await this.queries.statistics('current'),
      await this.queries.statistics(`year|${year}`),
    );
    if (q.format === 'csv') {
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header(
        'Content-Disposition',
        `attachment; filename="attendance-statistics-${year.replace('/', '-')}.csv"`,
      );
      return statisticsCsv(rows);
    }
    const workers = workerRows(await this.queries.statistics('current-worker'));
    return { year, asOf: this.queries.today(), rows, workers };
  }

  @Get('statistics/parental-responsibility-measures')
  @RequireCapability('oversight.read')
  @ApiOperation({
    summary:
      "The DfE's Parental Responsibility Measures census for the LA and the year, in the census's own fields and order (`census`; x where this system records no fact the field needs), each field's definition, its source and how it is counted (`fields`); format=csv gives the census's one-row file",
  })
  async parentalResponsibilityMeasures(
    @Query() q: dto.StatisticsQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.consistency.wait(q.position);
    const year = this.year(q.year);
    const la = (await this.queries.statistics(`year|${year}`)).find((d) => d.schoolId === '*');
    const report = prmCensus(year, la, this.config.localAuthority);
    if (q.format === 'csv') {
      res.header('Content-Type', 'text/csv; charset=utf-8');
      res.header(
        'Content-Disposition',
        `attachment; filename="parental-responsibility-measures-${year.replace('/', '-')}.csv"`,
      );
      return prmCensusCsv(report);
    }
    return { ...report, asOf: this.queries.today() };
  }

  private year(requested: string | undefined): string {
    if (!requested) return academicYearOf(this.queries.today()).label;
    const start = Number(requested.slice(0, 4));
    if (academicYearLabel(start) !== requested)
      throw new BadRequestException(
        `year must be an academic year like ${academicYearLabel(start)} (got ${requested}).`,
      );
    return requested;
  }
}

/**
 * Queries over the casework read models. Scope comes from the caller: a link worker sees the cases
 * of their schools and the ones allocated to them; the other roles that may read cases see the
 * whole LA. What depends on today (overdue, days since contact, whether a notice may be issued
 * today) is worked out here from the dates the read models keep, with the domain's own rules
 * (whether a notice may be issued: penalty-notice-eligibility.ts).
 */
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { dateOf, daysBetween, IsoDate, NextAction } from '@app/domain';
import {
  caseload,
  CaseloadRow,
  CaseworkReader,
  Cohort,
  cohortPupils,
  CohortPupilRow,
  ContractRow,
  contracts,
  DocumentStore,
  eligibility,
  EligibilityRow,
  panelQueue,
  PanelQueueRow,
  QueryResult,
  statistics,
  StatisticsDoc,
  sumStatistics,
  supervisionOrders,
  SupervisionOrderRow,
} from '@app/read-models';
import { canAccessCase } from '../auth/access-policy';
import { CaseAccessDenied } from '../pupils/case-access';
import type { Principal } from '../auth/roles';
import { CLOCK, Clock, DOCUMENT_STORE } from '../tokens';
import { penaltyNoticeEligibility } from './penalty-notice-eligibility';

export class UnsupportedFilter extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFilter';
  }
}

export interface Page {
  cursor?: string;
  limit?: number;
}

export interface ScopeFilter {
  schoolId?: string;
  workerId?: string;
}

export interface Paged<T> {
  asOf: IsoDate;
  items: T[];
  nextCursor?: string;
}

type WithOverdue = NextAction & { overdue: boolean };

export type CaseloadItem = Omit<CaseloadRow, 'facets' | 'attention' | 'actions' | 'nextAction'> & {
  actions: WithOverdue[];
  nextAction: WithOverdue | null;
  daysSinceLastContact: number | null;
};

/**
 * Which index value a query reads. A link worker may ask for one of their schools or their own
 * cases; asking for neither means their own cases (the view at login). School staff see one of
 * their schools (the first, unless they name another of theirs); a social worker, the children
 * allocated to them; a virtual school head, looked-after children.
 */
export function scopeFacet(principal: Principal, filter: ScopeFilter) {
  if (filter.schoolId && filter.workerId)
    throw new UnsupportedFilter('Filter by schoolId or by workerId, not both at once.');
  if (principal.role === 'school-staff') {
    if (filter.workerId)
      throw new ForbiddenException("School staff see their school's pupils, not a worker's cases.");
    const schoolId = filter.schoolId ?? principal.schoolIds[0];
    if (!schoolId || !principal.schoolIds.includes(schoolId))
      throw new ForbiddenException(
        filter.schoolId
          ? `You do not work with school ${filter.schoolId}.`
          : 'Your sign-in names no school (claim schools): ask your administrator.',
      );
    return `school:${schoolId}`;
  }
  if (principal.role === 'social-worker' || principal.role === 'virtual-school-head') {
    if (filter.schoolId || filter.workerId)
      throw new ForbiddenException(
        principal.role === 'social-worker'
          ? 'A social worker sees the children allocated to them; filter by stage or flag only.'
          : 'A virtual school head sees looked-after children; filter by stage or flag only.',
      );
    return principal.role === 'social-worker'
      ? `social-worker:${principal.userId}`
      : 'looked-after';
  }
  if (principal.role === 'link-worker') {
    if (filter.schoolId && !principal.schoolIds.includes(filter.schoolId))
      throw new ForbiddenException(`You do not work with school ${filter.schoolId}.`);
    if (filter.workerId && filter.workerId !== principal.userId)
      throw new ForbiddenException("A link worker can see their own caseload, not a colleague's.");
    if (!filter.schoolId && !filter.workerId) return `worker:${principal.userId}`;
  }
  if (filter.schoolId) return `school:${filter.schoolId}`;
  if (filter.workerId) return `worker:${filter.workerId}`;
  return 'all';
}

const clean = <T extends { facets: string[] }>(row: T): Omit<T, 'facets'> => {
  const { facets: _facets, ...rest } = row;
  return rest;
};

@Injectable()
export class CaseworkQueries {
  private readonly reader: CaseworkReader;

  constructor(
    @Inject(DOCUMENT_STORE) documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.reader = new CaseworkReader(documents);
  }

  today(): IsoDate {
    return dateOf(this.clock());
  }

  async caseload(
    principal: Principal,
    filter: ScopeFilter & { stage?: string; flag?: string; status?: 'open' | 'closed' },
    page: Page,
  ): Promise<Paged<CaseloadItem>> {
    if (filter.stage && filter.flag)
      throw new UnsupportedFilter('Filter by stage or by flag, not both at once.');
    const scope = scopeFacet(principal, filter);
    let facet: string;
    if (filter.status === 'closed') {
      if (filter.stage || filter.flag || (scope !== 'all' && !scope.startsWith('school:')))
        throw new UnsupportedFilter('Closed cases can be filtered by school only (schoolId).');
      facet = scope === 'all' ? 'closed' : `closed|${scope}`;
    } else {
      const extra = filter.stage
        ? `|stage:${filter.stage}`
        : filter.flag
          ? `|flag:${filter.flag}`
          : '';
      facet = `${scope}${extra}`;
    }
    const today = this.today();
    const result = await this.reader.query(caseload, {
      index: { field: 'facets', value: facet },
      sort: { field: 'attention' },
      ...page,
    });
    const withOverdue = (a: NextAction): WithOverdue => ({ ...a, overdue: a.due < today });
    return this.paged(result, (row) => {
      const { facets: _f, attention: _a, actions, nextAction, ...rest } = row;
      return {
        ...rest,
        actions: actions.map(withOverdue),
        nextAction: nextAction ? withOverdue(nextAction) : null,
        daysSinceLastContact: row.lastContactOn ? daysBetween(row.lastContactOn, today) : null,
      };
    });
  }

  async contracts(
    principal: Principal,
    filter: ScopeFilter & { status?: 'active' | 'due-for-review' | 'not-kept' | 'ended' },
    page: Page,
  ): Promise<Paged<Omit<ContractRow, 'facets' | 'reviewKey'> & { reviewOverdue: boolean }>> {
    const scope = scopeFacet(principal, filter);
    const today = this.today();
    const status = filter.status ?? 'active';
    const stored = status === 'due-for-review' ? 'active' : status;
    const result = await this.reader.query(contracts, {
      index: { field: 'facets', value: `${scope}|status:${stored}` },
      sort: { field: 'reviewKey' },
      ...page,
    });
    let items = result.items;
    let nextCursor = result.nextCursor;
    if (status === 'due-for-review') {
      // Sorted by next review: stop at the first review still to come.
      const due = items.filter((c) => c.nextReviewOn !== null && c.nextReviewOn <= today);
      if (due.length < items.length) nextCursor = undefined;
      items = due;
    }
    return {
      asOf: today,
      items: items.map((c) => {
        const { facets: _f, reviewKey: _k, ...rest } = c;
        return { ...rest, reviewOverdue: c.nextReviewOn !== null && c.nextReviewOn < today };
      }),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  async supervisionOrders(
    principal: Principal,
    filter: {
      schoolId?: string;
      supervisorId?: string;
      status?: SupervisionOrderRow['status'];
      extensionWindowOpen?: boolean;
    },
    page: Page,
  ): Promise<
    Paged<Omit<SupervisionOrderRow, 'facets' | 'expiryKey'> & { extensionWindowOpen: boolean }>
  > {
    if (filter.schoolId && filter.supervisorId)
      throw new UnsupportedFilter('Filter by schoolId or by supervisorId, not both at once.');
    if (filter.supervisorId && principal.role === 'link-worker')
      throw new ForbiddenException('A link worker sees the orders on their own cases or schools.');
    const scope = filter.supervisorId
      ? `supervisor:${filter.supervisorId}`
      : scopeFacet(principal, { schoolId: filter.schoolId });
    const status = filter.extensionWindowOpen ? 'in-force' : filter.status;
    const today = this.today();
    const result = await this.reader.query(supervisionOrders, {
      index: { field: 'facets', value: status ? `${scope}|status:${status}` : scope },
      sort: { field: 'expiryKey' },
      ...page,
    });
    const windowOpen = (o: SupervisionOrderRow) =>
      o.status === 'in-force' &&
      o.extensionWindowOpens !== null &&
      o.expiresOn !== null &&
      o.extensionWindowOpens <= today &&
      today <= o.expiresOn &&
      !o.endsWithCompulsorySchoolAge;
    const items = filter.extensionWindowOpen ? result.items.filter(windowOpen) : result.items;
    return {
      asOf: today,
      items: items.map((o) => {
        const { facets: _f, expiryKey: _k, ...rest } = o;
        return { ...rest, extensionWindowOpen: windowOpen(o) };
      }),
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    };
  }

  async eligibility(principal: Principal, filter: ScopeFilter, page: Page) {
    const scope = scopeFacet(principal, filter);
    const today = this.today();
    const result = await this.reader.query(eligibility, {
      index: { field: 'facets', value: scope },
      sort: { field: 'reference' },
      ...page,
    });
    // One day for the whole page: the day every parent's answer is decided for.
    return {
      ...this.paged(result, (row: EligibilityRow) => penaltyNoticeEligibility(row, today)),
      asOf: today,
    };
  }

  /**
   * One pupil's penalty-notice eligibility today, as the list answers it; null when the pupil has no
   * row (the case is closed or the national threshold is not met on the latest register).
   */
  async eligibilityFor(principal: Principal, pupilId: string) {
    const row = await this.reader.get(eligibility, pupilId);
    if (!row) return null;
    const scope = {
      schoolId: row.schoolId,
      leadPractitionerId: row.leadPractitionerId ?? undefined,
    };
    if (!canAccessCase(principal, scope)) throw new CaseAccessDenied();
    const today = this.today();
    return { ...penaltyNoticeEligibility(row, today), asOf: today };
  }

  async panelQueue(principal: Principal, filter: { schoolId?: string }, page: Page) {
    const scope = scopeFacet(principal, filter);
    const today = this.today();
    const result = await this.reader.query(panelQueue, {
      index: { field: 'facets', value: scope },
      sort: { field: 'priority', direction: 'desc' },
      ...page,
    });
    return this.paged(result, (row: PanelQueueRow) => ({
      ...clean(row),
      daysWaiting: daysBetween(row.referredOn, today),
    }));
  }

  async cohortPupils(cohort: Cohort, filter: { schoolId?: string }, page: Page) {
    const result = await this.reader.query(cohortPupils, {
      index: {
        field: 'facets',
        value: filter.schoolId ? `cohort:${cohort}|school:${filter.schoolId}` : `cohort:${cohort}`,
      },
      sort: { field: 'reference' },
      ...page,
    });
    return this.paged(result, (row: CohortPupilRow) => clean(row));
  }

  /** Every statistics document of one scope (`current`, `year|2024/25`, `cohort|fsm|2024/25`), LA-wide first. */
  async statistics(scope: string): Promise<StatisticsDoc[]> {
    const docs: StatisticsDoc[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.reader.query(statistics, {
        index: { field: 'scope', value: scope },
        sort: { field: 'schoolId' },
        limit: 1000,
        cursor,
      });
      docs.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // A partitioned `statistics` view keeps one document per partition for each school.
    return sumStatistics(docs);
  }

  private paged<R extends object, T>(result: QueryResult<R>, map: (row: R) => T): Paged<T> {
    return {
      asOf: this.today(),
      items: result.items.map(map),
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
    };
  }
}

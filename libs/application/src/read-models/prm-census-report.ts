/**
 * The Parental Responsibility Measures census for the LA and one academic year, in the DfE's own
 * columns (`PRM_CENSUS_FIELDS` in libs/domain, with the source of each definition): one JSON
 * object whose keys are exactly the census's fields, and the same as a one-row CSV.
 */
import { PRM_CENSUS_FIELDS, PRM_SOURCES, PrmCensusField } from '@app/domain';
import type { StatisticsDoc } from '@app/read-models';
import type { LocalAuthorityConfig } from '../config/config';
import { csvField } from './statistics-report';

/** `x` is the DfE's mark for "unavailable" in its census data. */
export const UNAVAILABLE = 'x';

export type PrmValue = number | string | null;

export interface PrmCensus {
  year: string;
  /** Exactly the census's fields, in its order. */
  census: Record<string, PrmValue>;
  /** Each field's definition, its source and how this system counts it. */
  fields: (PrmCensusField & { sourceTitle: string; sourceUrl: string })[];
}

const EMPTY_LA: LocalAuthorityConfig = {};

export function prmCensus(
  year: string,
  la: StatisticsDoc | undefined,
  authority: LocalAuthorityConfig = EMPTY_LA,
): PrmCensus {
  const c = la?.counters ?? {};
  const count = (name: string) => c[`prm:${name}`] ?? 0;
  const enrolments = c['pupils'] ?? 0;
  const geography: Record<string, string> = {
    time_period: year.slice(0, 4) + year.slice(5, 7),
    time_identifier: 'Academic year',
    geographic_level: 'Local authority',
    country_code: 'E92000001',
    country_name: 'England',
    region_code: authority.regionCode ?? '',
    region_name: authority.regionName ?? '',
    old_la_code: authority.oldCode ?? '',
    new_la_code: authority.newCode ?? '',
    la_name: authority.name ?? '',
  };
  const value = (f: PrmCensusField): PrmValue => {
    switch (f.from) {
      case 'geography':
        return geography[f.name];
      case 'count':
        return f.name === 'enrolments' ? enrolments : count(f.name);
      case 'rate':
        return enrolments === 0
          ? null
          : Math.round((count('pn_issued') / enrolments) * 100 * 100_000) / 100_000;
      case 'unavailable':
        return UNAVAILABLE;
    }
  };
  return {
    year,
    census: Object.fromEntries(PRM_CENSUS_FIELDS.map((f) => [f.name, value(f)])),
    fields: PRM_CENSUS_FIELDS.map((f) => ({
      ...f,
      sourceTitle: PRM_SOURCES[f.source].title,
      sourceUrl: PRM_SOURCES[f.source].url,
    })),
  };
}

export function prmCensusCsv(report: PrmCensus): string {
  const names = PRM_CENSUS_FIELDS.map((f) => f.name);
  return `${names.join(',')}\r\n${names.map((n) => csvField(report.census[n])).join(',')}\r\n`;
}

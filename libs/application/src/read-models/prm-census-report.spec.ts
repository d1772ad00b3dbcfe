import { PRM_CENSUS_FIELDS } from '@app/domain';
import type { StatisticsDoc } from '@app/read-models';
import { prmCensus, prmCensusCsv } from './prm-census-report';

const la = (counters: Record<string, number>): StatisticsDoc => ({
  scope: 'year|2024/25',
  schoolId: '*',
  counters,
});

describe('the Parental Responsibility Measures census report', () => {
  const report = prmCensus(
    '2024/25',
    la({ pupils: 400, 'prm:pn_issued': 6, 'prm:reason_pn_hols': 5, 'prm:pn_paid_21': 3 }),
    { name: 'Kent', oldCode: '886', newCode: 'E10000016' },
  );

  it('has exactly the census’s fields, in its order', () => {
    expect(Object.keys(report.census)).toEqual(PRM_CENSUS_FIELDS.map((f) => f.name));
  });

  it('names the year and the LA as the DfE’s file does', () => {
    expect(report.census).toMatchObject({
      time_period: '202425',
      time_identifier: 'Academic year',
      geographic_level: 'Local authority',
      country_code: 'E92000001',
      country_name: 'England',
      old_la_code: '886',
      new_la_code: 'E10000016',
      la_name: 'Kent',
      region_code: '',
    });
  });

  it('takes each count from the LA’s counters, 0 where nothing was counted', () => {
    expect(report.census).toMatchObject({
      enrolments: 400,
      pn_issued: 6,
      reason_pn_hols: 5,
      reason_pn_late: 0,
      pn_paid_21: 3,
      supervision_orders_total: 0,
    });
  });

  it('works out pn_issued_rate per 100 enrolments to 5 decimal places, empty with no enrolments', () => {
    expect(report.census.pn_issued_rate).toBe(1.5);
    expect(prmCensus('2024/25', la({ pupils: 7, 'prm:pn_issued': 1 })).census.pn_issued_rate).toBe(
      14.28571,
    );
    expect(prmCensus('2024/25', undefined).census.pn_issued_rate).toBeNull();
  });

  it('marks with x each field this system records no fact for, and says why', () => {
    expect(report.census.case_management).toBe('x');
    expect(report.fields.find((f) => f.name === 'case_management')?.note).toMatch(/Not recorded/);
  });

  it('gives each field its definition and the title and address of its source', () => {
    expect(report.fields.find((f) => f.name === 'pn_paid_21')).toMatchObject({
      definition: 'Number of penalty notices paid within 21 days',
      published: true,
      sourceTitle: expect.stringMatching(/2018\/19: data guidance/),
      sourceUrl: expect.stringMatching(
        /^https:\/\/explore-education-statistics\.service\.gov\.uk\//,
      ),
    });
  });

  it('as CSV, is the census’s header and one row, with CRLF endings', () => {
    const [header, row, end] = prmCensusCsv(report).split('\r\n');
    expect(header.split(',')).toEqual(PRM_CENSUS_FIELDS.map((f) => f.name));
    expect(row.split(',').slice(0, 3)).toEqual(['202425', 'Academic year', 'Local authority']);
    expect(row.split(',')).toHaveLength(PRM_CENSUS_FIELDS.length);
    expect(end).toBe('');
  });
});

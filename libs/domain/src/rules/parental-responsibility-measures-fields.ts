/**
 * The DfE's Parental Responsibility Measures census fields: each field's name and order as in the
 * DfE's data file, its definition (the DfE's words where they could be read, said so by
 * `published`), where that was read (title and address), and how this system fills it. The
 * counting itself is in ./parental-responsibility-measures.ts.
 */
/** Where each definition was read: title and address. */
export const PRM_SOURCES = {
  dataGuidance1819: {
    title: 'Parental responsibility measures, academic year 2018/19: data guidance (DfE)',
    url: 'https://explore-education-statistics.service.gov.uk/find-statistics/parental-responsibility-measures/2018-19/data-guidance',
  },
  dataSet1819: {
    title: 'Parental responsibility measures underlying data (DfE data catalogue)',
    url: 'https://explore-education-statistics.service.gov.uk/data-catalogue/data-set/2faff373-3f48-4799-8caf-ada5adf2384c',
  },
  release2425: {
    title: 'Parental responsibility measures, academic year 2024/25 (DfE)',
    url: 'https://explore-education-statistics.service.gov.uk/find-statistics/parental-responsibility-measures/2024-25',
  },
  si2007_1867: {
    title:
      'The Education (Penalty Notices) (England) Regulations 2007, explanatory note: reg 8 (withdrawal), reg 9 (withdrawal where unpaid and not prosecuted)',
    url: 'https://legislation.gov.uk/uksi/2007/1867/note/made?view=plain',
  },
} as const;
export type PrmSource = keyof typeof PRM_SOURCES;

/**
 * One census field: its DfE name; what it counts (the DfE's words where `published`, else our
 * reading of the name); where that was read; how this system fills it: `geography` (the year and
 * the LA), `count` (added up from the journeys), `rate` (from two counts) or `unavailable` (the
 * system records no fact it needs: reported as `x`, the DfE's own mark for unavailable).
 */
export interface PrmCensusField {
  name: string;
  definition: string;
  published: boolean;
  source: PrmSource;
  from: 'geography' | 'count' | 'rate' | 'unavailable';
  /** How this system counts it, or why it cannot. */
  note: string;
}

const field = (
  name: string,
  from: PrmCensusField['from'],
  definition: string,
  published: boolean,
  source: PrmSource,
  note: string,
): PrmCensusField => ({ name, definition, published, source, from, note });

const ISSUED = 'Notices issued in the year, as they stood on its last day (31 July).';
const NO_CASE_MANAGEMENT =
  'Not recorded: this system has no attendance case management (fast-track) process.';

/** The census's columns, in the order of the DfE's data file. */
export const PRM_CENSUS_FIELDS: readonly PrmCensusField[] = [
  field(
    'time_period',
    'geography',
    'Academic year, e.g. 202425 for 2024/25',
    false,
    'dataSet1819',
    'The year asked for.',
  ),
  field(
    'time_identifier',
    'geography',
    'Always "Academic year"',
    false,
    'dataSet1819',
    'Academic year.',
  ),
  field(
    'geographic_level',
    'geography',
    'Always "Local authority" for an LA',
    false,
    'dataSet1819',
    'Local authority.',
  ),
  field('country_code', 'geography', 'E92000001 (England)', false, 'dataSet1819', 'England.'),
  field('country_name', 'geography', 'England', false, 'dataSet1819', 'England.'),
  field(
    'region_code',
    'geography',
    "The LA's region, GSS code",
    false,
    'dataSet1819',
    'LA_REGION_CODE (empty when unset).',
  ),
  field(
    'region_name',
    'geography',
    "The LA's region",
    false,
    'dataSet1819',
    'LA_REGION_NAME (empty when unset).',
  ),
  field(
    'old_la_code',
    'geography',
    "The LA's 3-digit code",
    false,
    'dataSet1819',
    'LA_OLD_CODE (empty when unset).',
  ),
  field(
    'new_la_code',
    'geography',
    "The LA's GSS code",
    false,
    'dataSet1819',
    'LA_NEW_CODE (empty when unset).',
  ),
  field(
    'la_name',
    'geography',
    "The LA's name",
    false,
    'dataSet1819',
    'LA_NAME (empty when unset).',
  ),
  field(
    'enrolments',
    'count',
    'Total number of pupil enrolments',
    true,
    'dataGuidance1819',
    'Pupils with at least one possible session in the year on this system (the DfE takes enrolments from the school census; this is the closest fact held).',
  ),
  field(
    'pn_issued',
    'count',
    'Total number of penalty notices (PNs) for unauthorised absences issued',
    true,
    'dataGuidance1819',
    'Notices issued in the year.',
  ),
  field(
    'pn_issued_rate',
    'rate',
    'Rate of penalty notices (PNs) for unauthorised absences issued per 100 enrolments',
    true,
    'dataGuidance1819',
    'pn_issued / enrolments x 100, to 5 decimal places; empty with no enrolments.',
  ),
  field(
    'reason_pn_hols',
    'count',
    'Main reason for issue: Unauthorised family holiday absence',
    true,
    'release2425',
    `${ISSUED} The reason recorded on the notice (or, when none was given, worked out from the register: see mainReasonForNotice).`,
  ),
  field(
    'reason_pn_late',
    'count',
    'Main reason for issue: Arriving late',
    true,
    'release2425',
    'As reason_pn_hols.',
  ),
  field(
    'reason_pn_other',
    'count',
    'Main reason for issue: Absence due to other unauthorised circumstances',
    true,
    'release2425',
    'As reason_pn_hols.',
  ),
  field(
    'pn_paid',
    'count',
    'Total number of penalty notices paid within 28 days',
    true,
    'dataGuidance1819',
    `${ISSUED} Paid (a notice paid and then withdrawn counts as withdrawn).`,
  ),
  field(
    'pn_paid_21',
    'count',
    'Number of penalty notices paid within 21 days',
    true,
    'dataGuidance1819',
    `${ISSUED} Paid within the 21 days of the reduced period beginning with receipt, whether or not the notice had a reduced amount.`,
  ),
  field(
    'pn_paid_22_28',
    'count',
    'Number of penalty notices paid between 22-28 days',
    true,
    'dataGuidance1819',
    `${ISSUED} Paid after the 21 days, within the 28.`,
  ),
  field(
    'pn_withdrawn',
    'count',
    'Number of penalty notices withdrawn',
    false,
    'dataGuidance1819',
    `${ISSUED} Withdrawn.`,
  ),
  field(
    'withdrawn_reason_conduct',
    'count',
    'Withdrawn: issued outside the code of conduct',
    false,
    'si2007_1867',
    `${ISSUED} Withdrawn on the ground that it ought not to have been issued (SI 2007/1867 reg 8(a)).`,
  ),
  field(
    'withdrawn_reason_wrong_issue',
    'count',
    'Withdrawn: issued to the wrong person',
    false,
    'si2007_1867',
    `${ISSUED} Withdrawn as issued to the wrong person (reg 8(b)).`,
  ),
  field(
    'withdrawn_reason_material_error',
    'count',
    'Withdrawn: the notice contains material errors',
    false,
    'si2007_1867',
    `${ISSUED} Withdrawn for material errors (reg 8(c)).`,
  ),
  field(
    'withdrawn_reason_expiry_no_legal',
    'count',
    'Withdrawn: the payment period expired and no legal action was taken',
    false,
    'si2007_1867',
    `${ISSUED} Withdrawn as unpaid and not prosecuted (reg 9).`,
  ),
  field(
    'pn_prosecuted_non_payment',
    'count',
    'Number of prosecutions following non-payment of penalty notice',
    true,
    'dataGuidance1819',
    `${ISSUED} Followed by a prosecution for the same offence.`,
  ),
  field(
    'pn_unresolved',
    'count',
    'Number of unresolved cases at the end of the period',
    true,
    'dataGuidance1819',
    `${ISSUED} Neither paid, withdrawn nor prosecuted by then.`,
  ),
  field(
    'case_management',
    'unavailable',
    'Total number of cases of attendance case management',
    true,
    'dataGuidance1819',
    NO_CASE_MANAGEMENT,
  ),
  field(
    'case_management_prosecuted',
    'unavailable',
    'Number of cases of attendance case management prosecuted',
    true,
    'dataGuidance1819',
    NO_CASE_MANAGEMENT,
  ),
  field(
    'case_management_withdrawn_before_prosecution',
    'unavailable',
    'Number of cases of attendance case management withdrawn',
    true,
    'dataGuidance1819',
    NO_CASE_MANAGEMENT,
  ),
  field(
    'case_management_withdrawn_att_improved',
    'unavailable',
    'Reason for withdrawal of cases: attendance improved',
    true,
    'dataGuidance1819',
    NO_CASE_MANAGEMENT,
  ),
  field(
    'case_management_withdrawn_other',
    'unavailable',
    'Reason for withdrawal of cases: other reason',
    true,
    'dataGuidance1819',
    NO_CASE_MANAGEMENT,
  ),
  field(
    'parenting_orders_granted',
    'count',
    'Number of parenting orders made by the courts',
    true,
    'dataGuidance1819',
    'Prosecution outcomes recorded in the year with a parenting order made (one per outcome).',
  ),
  field(
    'parenting_orders_implemented',
    'count',
    'Number of parenting orders implemented',
    true,
    'dataGuidance1819',
    'Of the parenting orders made in the year, those recorded as implemented (POST /pupils/{id}/prosecutions/{prosecutionId}/parenting-order-implementation).',
  ),
  field(
    'parenting_orders_not_imp_prosecution',
    'count',
    'Number of parenting orders not implemented',
    true,
    'dataGuidance1819',
    'Of the parenting orders made in the year, all those recorded as not implemented, whatever the reason (the DfE counts lack of provision and breach by the parent within it).',
  ),
  field(
    'parenting_orders_not_imp_lackofprovision',
    'count',
    'Reason for not implementing parenting orders: lack of provision',
    true,
    'dataGuidance1819',
    'Of those, not implemented for lack of provision.',
  ),
  field(
    'parenting_orders_not_imp_breachbyparent',
    'count',
    'Reason for not implementing parenting orders: breach by parent',
    true,
    'dataGuidance1819',
    'Of those, not implemented because the parent breached the order.',
  ),
  field(
    'parenting_contracts_offered',
    'count',
    'Number of parenting contracts offered',
    true,
    'dataGuidance1819',
    'Attendance contracts agreed (by the year they start) and offers declined (POST /pupils/{id}/declined-attendance-contracts, by the year offered).',
  ),
  field(
    'parenting_contracts_accepted',
    'count',
    'Number of parenting contracts that were accepted by parent',
    true,
    'dataGuidance1819',
    'Attendance contracts (formerly parenting contracts) starting in the year.',
  ),
  field(
    'supervision_orders_total',
    'count',
    'Total number of education supervision orders',
    false,
    'dataSet1819',
    'Education supervision orders made by the court in the year.',
  ),
  field(
    'supervision_orders_inplaceofprosecution',
    'count',
    'Education supervision orders sought in place of prosecution',
    false,
    'dataSet1819',
    'Of those, orders the LA applied for instead of prosecuting (EA 1996 s447), as recorded with the application.',
  ),
  field(
    'supervision_orders_inadditiontoprosecution',
    'count',
    'Education supervision orders sought in addition to prosecution',
    false,
    'dataSet1819',
    'Of those, orders the LA applied for as well as prosecuting, as recorded with the application.',
  ),
];

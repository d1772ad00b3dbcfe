/** The words of the journey, as the guidance uses them. */

/** The six stages (WTISA 2024): support first, enforcement last. */
export const STAGES = [
  'expect',
  'monitor',
  'listen-and-understand',
  'facilitate-support',
  'formalise-support',
  'enforce',
] as const;
export type Stage = (typeof STAGES)[number];
export const stageRank = (stage: Stage): number => STAGES.indexOf(stage);

export const SCHOOL_TYPES = [
  'maintained',
  'academy',
  'free-school',
  'special',
  'alternative-provision',
  'independent',
] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export interface VulnerabilityFlags {
  ehcp: boolean;
  senSupport: boolean;
  fsm: boolean;
  childInNeed: boolean;
  childProtectionPlan: boolean;
  lookedAfter: boolean;
  youngCarer: boolean;
}
export const NO_FLAGS: VulnerabilityFlags = {
  ehcp: false,
  senSupport: false,
  fsm: false,
  childInNeed: false,
  childProtectionPlan: false,
  lookedAfter: false,
  youngCarer: false,
};

/** Barriers to attendance a conversation can identify (WTISA 2024, "listen and understand"). */
export const BARRIERS = [
  'physical-health',
  'mental-health',
  'anxiety',
  'send',
  'bullying',
  'school-relationships',
  'transport',
  'housing',
  'caring-responsibilities',
  'family-circumstances',
  'parental-engagement',
  'exclusion-or-suspension',
  'other',
] as const;
export type Barrier = (typeof BARRIERS)[number];

/** Support a school or LA can put in place or refer to (WTISA 2024, "facilitate support"). */
export const SUPPORT_KINDS = [
  'in-school',
  'early-help-assessment',
  'whole-family-plan',
  'school-nurse',
  'educational-psychology',
  'camhs',
  'send',
  'housing',
  'young-carers',
  'other',
] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
export const SUPPORT_OUTCOMES = ['helped', 'partly-helped', 'did-not-help'] as const;
export type SupportOutcome = (typeof SUPPORT_OUTCOMES)[number];

/** Where support is not appropriate, enforcement without it may be right (WTISA 2024 ch. 6). */
export const SUPPORT_NOT_APPROPRIATE_REASONS = ['term-time-holiday', 'other'] as const;
export type SupportNotAppropriateReason = (typeof SUPPORT_NOT_APPROPRIATE_REASONS)[number];

export const PANEL_DECISIONS = [
  'continue-support',
  'attendance-contract',
  'education-supervision-order',
  'education-neglect-referral',
  'notice-to-improve',
  'penalty-notice',
  'prosecution',
  'step-down',
] as const;
export type PanelDecision = (typeof PANEL_DECISIONS)[number];

export const CONTRACT_REVIEW_OUTCOMES = ['on-track', 'not-kept', 'ended-early'] as const;
export type ContractReviewOutcome = (typeof CONTRACT_REVIEW_OUTCOMES)[number];

export const NEGLECT_ROUTES = ['s17', 's47'] as const;
export type NeglectRoute = (typeof NEGLECT_ROUTES)[number];

/**
 * What children's social care did with an education-neglect referral (WTISA 2024 para 134;
 * Working together to safeguard children 2023 ch. 3): accepted it for assessment, or took it on
 * as a child in need (Children Act 1989 s17), as a child protection enquiry (s47), or decided on
 * no further action.
 */
export const SOCIAL_CARE_RESPONSES = ['accepted', 's17', 's47', 'no-further-action'] as const;
export type SocialCareResponse = (typeof SOCIAL_CARE_RESPONSES)[number];

/** The LA's answer to what a school asked of it (a referral, a penalty notice request). */
export const SCHOOL_REQUEST_ANSWERS = ['accepted', 'declined'] as const;
export type SchoolRequestAnswer = (typeof SCHOOL_REQUEST_ANSWERS)[number];

export const PROSECUTION_SECTIONS = ['s444(1)', 's444(1A)'] as const;
export type ProsecutionSection = (typeof PROSECUTION_SECTIONS)[number];
export const PROSECUTION_OUTCOMES = ['convicted', 'acquitted', 'withdrawn'] as const;
export type ProsecutionOutcome = (typeof PROSECUTION_OUTCOMES)[number];

/**
 * Why a parenting order made on conviction (Crime and Disorder Act 1998 s8) was not implemented,
 * as the DfE's Parental Responsibility Measures census asks it (lack of provision, breach by the
 * parent), or another reason.
 */
export const PARENTING_ORDER_NOT_IMPLEMENTED_REASONS = [
  'lack-of-provision',
  'breach-by-parent',
  'other',
] as const;
export type ParentingOrderNotImplementedReason =
  (typeof PARENTING_ORDER_NOT_IMPLEMENTED_REASONS)[number];

export const CLOSURE_REASONS = [
  'improved',
  'left-the-school',
  'moved-out-of-la',
  'no-longer-compulsory-school-age',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const ESO_DISCHARGE_APPLICANTS = ['child', 'parent', 'local-authority'] as const;
export type EsoDischargeApplicant = (typeof ESO_DISCHARGE_APPLICANTS)[number];
export const ESO_END_REASONS = [
  'expired',
  'compulsory-school-age-ended',
  'care-order-made',
] as const;
export type EsoEndReason = (typeof ESO_END_REASONS)[number];

/**
 * The main reason a penalty notice was issued, as the DfE's Parental Responsibility Measures census
 * asks for it ("Main reason for issue": unauthorised family holiday absence, arriving late, absence
 * due to other unauthorised circumstances).
 */
export const PENALTY_NOTICE_REASONS = [
  'unauthorised-family-holiday',
  'arriving-late',
  'other-unauthorised-absence',
] as const;
export type PenaltyNoticeReason = (typeof PENALTY_NOTICE_REASONS)[number];

/**
 * Whether the LA applied for an education supervision order instead of prosecuting or as well as
 * prosecuting (EA 1996 s447 has it consider an ESO before prosecuting; the census counts both).
 */
export const ESO_PROSECUTION_RELATIONS = [
  'instead-of-prosecution',
  'as-well-as-prosecution',
] as const;
export type EsoProsecutionRelation = (typeof ESO_PROSECUTION_RELATIONS)[number];

export interface OffencePeriod {
  from: string;
  to: string;
}

/** Who may issue a penalty notice (SI 2007/1867 reg 3; WTISA 2024 ch. 6). */
export const PENALTY_NOTICE_ISSUERS = [
  'headteacher',
  'authorised-deputy-or-assistant-head',
  'authorised-la-officer',
  'police-constable',
] as const;
export type PenaltyNoticeIssuer = (typeof PENALTY_NOTICE_ISSUERS)[number];

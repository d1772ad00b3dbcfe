/** Enforce, as the last resort: notices to improve, penalty notices, prosecution. */
export { issueNoticeToImprove, recordNoticeToImproveOutcome } from './notices-to-improve';
export {
  issuePenaltyNotice,
  recordPayment,
  recordService,
  withdrawNotice,
} from './penalty-notices';
export {
  recordParentingOrderImplementation,
  recordProsecutionOutcome,
  startProsecution,
} from './prosecution';

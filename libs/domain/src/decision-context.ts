import type { CodeOfConduct } from './code-of-conduct';
import type { FamilyState } from './family/family';

/** What `decide` is given besides the command and the stream's state. */
export interface DecisionContext {
  /** The command's business time. */
  now: Date;
  /** The local rules in force (their version is recorded on every decision event). */
  codeOfConduct: CodeOfConduct;
  /**
   * The pupil's family, loaded by the handler for a command that names a parent or carer
   * (namesParentOrCarer), so that only linked parents can be named.
   */
  family?: FamilyState;
}

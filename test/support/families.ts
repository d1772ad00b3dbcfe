/** Families for end-to-end tests: the POST /families/{id}/parents body of a parent with parental responsibility. */
export const parentBody = (
  reference: string,
  relationship: 'mother' | 'father' = 'mother',
  hasDayToDayCare = true,
) => ({ reference, relationship, hasParentalResponsibility: true, hasDayToDayCare });

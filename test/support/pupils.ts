/** Registering a pupil over HTTP, as the e2e specs set up their cases. */
import request from 'supertest';

/** The POST /pupils body of a Year 8 academy pupil born 10 May 2012. */
export const pupilBody = (reference: string, schoolId = 'school-a') => ({
  reference,
  dateOfBirth: '2012-05-10',
  schoolId,
  schoolType: 'academy',
  yearGroup: 8,
});

/** Registers the pupil (expecting 201); returns its id and the write's global position. */
export async function registerPupil(
  http: Parameters<typeof request>[0],
  token: string,
  reference: string,
  schoolId = 'school-a',
): Promise<{ pupilId: string; position: string }> {
  const response = await request(http)
    .post('/pupils')
    .set('Authorization', `Bearer ${token}`)
    .send(pupilBody(reference, schoolId))
    .expect(201);
  return { pupilId: response.body.pupilId, position: String(response.body.position) };
}

/** Audit reads over HTTP, as the e2e specs ask them. */
import request from 'supertest';

/** `GET /pupils/{id}/as-of` at a date or instant (expecting 200): `{ knownBy, happenedBy, … }`. */
export async function pupilAsOf(
  http: Parameters<typeof request>[0],
  token: string,
  pupilId: string,
  at: string,
  purpose: string,
) {
  const response = await request(http)
    .get(`/pupils/${pupilId}/as-of`)
    .query({ at, purpose })
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  return response.body;
}

/** People for end-to-end tests: a parent's personal details, distinctive enough to scan files for. */
import request from 'supertest';

export const janeDetails = (suffix = '') => ({
  givenName: `Janetta${suffix}`,
  familyName: `Quillfeather${suffix}`,
  address: { lines: [`17 Saltmarsh Terrace${suffix}`], town: 'Wakefield', postcode: 'WF1 2QZ' },
  email: `janetta.quillfeather${suffix}@example.org`,
  phone: '01924 496000',
});

/** Records a parent or carer (expecting 201); returns their person id. */
export async function recordParent(
  http: Parameters<typeof request>[0],
  token: string,
  details = janeDetails(),
): Promise<string> {
  const response = await request(http)
    .post('/people')
    .set('Authorization', `Bearer ${token}`)
    .send({ kind: 'parent-or-carer', ...details })
    .expect(201);
  return response.body.personId;
}

/** POSTs as the token's holder; a status other than the one expected fails with the answer's body. */
export async function postAs(
  http: Parameters<typeof request>[0],
  token: string,
  url: string,
  body: object,
  status = 200,
) {
  const res = await request(http).post(url).set('Authorization', `Bearer ${token}`).send(body);
  if (res.status !== status)
    throw new Error(`${url}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

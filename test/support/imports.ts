/** Register imports over HTTP, as the e2e specs run them: upload, then wait for the job's report. */
import request from 'supertest';

type Http = Parameters<typeof request>[0];

/** Polls `GET /imports/{id}` until the import has completed or failed; returns its report. */
export async function finishedImport(http: Http, token: string, importId: string) {
  for (;;) {
    const report = (
      await request(http).get(`/imports/${importId}`).set('Authorization', `Bearer ${token}`)
    ).body;
    if (report.status === 'completed' || report.status === 'failed') return report;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Uploads a CSV register (expecting 202) and returns the import's final report. */
export async function importRegister(http: Http, token: string, csv: string, query = '') {
  const res = await request(http)
    .post(`/imports/registers${query}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'text/csv')
    .send(csv)
    .expect(202);
  return finishedImport(http, token, res.body.importId);
}

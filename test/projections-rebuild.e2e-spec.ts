/**
 * `npm run projections:rebuild -- <name>` as a separate process against the API's DATA_DIR:
 * when nobody runs the projection it rebuilds it itself; when the API runs it (and holds its lease
 * in read-models.db) the API does the rebuild and the CLI waits for the switch. Either way the new
 * version holds what a rebuild from zero gives.
 */
import { DOCUMENT_STORE, PROJECTOR } from '@app/application';
import {
  ACTIVE_VERSIONS,
  caseworkProjection,
  type DocumentStore,
  MemoryDocumentStore,
  type Projection,
  PROJECTION_NAMES,
  ProjectionReader,
  type Projector,
} from '@app/read-models';
import { applyBatch } from '@app/read-models/projector/apply-batch';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { registerPupil } from './support/pupils';
import { startTestApp, TestApp } from './support/test-app';

const ROOT = path.join(__dirname, '..');

function runCli(
  dataDir: string,
  name: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/projections-rebuild.ts'), name],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '', LOG_LEVEL: 'silent' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every document of every collection of the version serving reads. */
async function contents(
  store: DocumentStore,
  projection: Pick<Projection, 'name' | 'version' | 'collections'>,
) {
  const reader = new ProjectionReader(store, projection);
  const out: Record<string, unknown[]> = {};
  for (const collection of projection.collections) {
    const items: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.query(collection, { cursor, limit: 1000 });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    out[collection.name] = items;
  }
  return out;
}

/** What a rebuild from zero gives: every event applied to a fresh store by the casework views. */
async function fromZero(t: TestApp, view: Pick<Projection, 'name' | 'version' | 'collections'>) {
  const fresh = new MemoryDocumentStore();
  const group = caseworkProjection;
  await applyBatch(fresh, group, group.version, undefined, await t.allEvents());
  return contents(fresh, view);
}

async function registerPupils(t: TestApp, count: number): Promise<string> {
  const officer = await t.token('attendance-officer', 'officer-1', ['school-a']);
  let position = '0';
  for (let i = 0; i < count; i++) ({ position } = await registerPupil(t.http, officer, `P${i}`));
  return position;
}

describe('npm run projections:rebuild', () => {
  jest.setTimeout(30_000);
  // The caseload read model: it has a document for every registered pupil. It is one of the
  // casework views, which the casework group folds together: rebuilding it alone derives it again
  // from the group's pupils.
  const projection = caseworkProjection.members!.views.find((m) => m.name === 'caseload')!;
  let t: TestApp;
  afterEach(() => t?.close());

  it('refuses an unknown name with exit code 2, listing the projections', async () => {
    t = await startTestApp();
    const result = await runCli(t.config.dataDir, 'caseloads');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `There is no projection named "caseloads". The projections are: ${PROJECTION_NAMES.join(', ')}.`,
    );
  });

  it('rebuilds a projection nobody runs, which then serves what a rebuild from zero gives', async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await registerPupils(t, 4);
    const result = await runCli(t.config.dataDir, projection.name);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`now serves reads`);
    const documents = t.app.get<DocumentStore>(DOCUMENT_STORE);
    expect((await documents.get(ACTIVE_VERSIONS, projection.name))?.version).toBeGreaterThan(1);
    const rebuilt = await contents(documents, projection);
    expect(Object.values(rebuilt).flat().length).toBeGreaterThanOrEqual(4);
    expect(rebuilt).toEqual(await fromZero(t, projection));
  });

  it('leaves the rebuild to the api that runs the projection, and waits for its switch', async () => {
    t = await startTestApp();
    const projector = t.app.get<Projector>(PROJECTOR);
    await projector.waitForPosition(BigInt(await registerPupils(t, 4)), 10_000);
    const result = await runCli(t.config.dataDir, projection.name);
    expect(result).toMatchObject({ code: 0 });
    // The api's own runner switched: only a rebuild done in this process moves it to the next version.
    const status = (await projector.status()).find((s) => s.projection === projection.name);
    expect(status).toMatchObject({ state: 'running', version: projection.version + 1 });
    const documents = t.app.get<DocumentStore>(DOCUMENT_STORE);
    expect(await contents(documents, projection)).toEqual(await fromZero(t, projection));
    await projector.waitForPosition(BigInt(await registerPupils(t, 1)), 10_000);
    expect(await contents(documents, projection)).toEqual(await fromZero(t, projection));
  });
});

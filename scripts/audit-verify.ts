/**
 * Verifies the configured event store (SQLite by default, EventStoreDB when
 * EVENTSTORE_CONNECTION_STRING is set) against the transparency log and its signed tree heads,
 * and walks each stream's hash chain; prints the report as JSON and names every finding.
 *   npm run audit:verify                              # everything
 *   npm run audit:verify -- --heads heads.json        # also against heads kept elsewhere
 *   npm run audit:verify -- --public-key key.pem      # check signatures with this key, not the key file's
 *   npm run audit:verify -- --stream pupil-…          # one stream's hash chain only
 * Exit code 0 when everything holds, 1 when something was found, 2 on bad arguments or errors.
 * It only reads: the log, the heads and the key file are opened read-only.
 */
import { parseArgs } from 'node:util';
import * as fs from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { createEventStore, loadConfig, verifyAudit, verifyStream } from '@app/application';
import { SignedTreeHead, SqliteTransparencyLog } from '@app/transparency-log';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stream: { type: 'string' },
      heads: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });
  const config = loadConfig();
  const store = createEventStore(config);
  try {
    if (values.stream) {
      const report = await verifyStream(store, values.stream);
      console.log(JSON.stringify(report, null, 2));
      process.exitCode = report.brokenLinks.length ? 1 : 0;
      return;
    }
    const published = values.heads ? readHeads(values.heads) : undefined;
    const publicKeyPem = values['public-key']
      ? fs.readFileSync(values['public-key'], 'utf8')
      : (published?.publicKey ?? publicKeyOf(config.transparencyLog.keyFile));
    const log = fs.existsSync(config.transparencyLog.file)
      ? new SqliteTransparencyLog(config.transparencyLog.file, { readonly: true })
      : undefined;
    try {
      const report = await verifyAudit(store, log ?? emptyLog, {
        publicKeyPem,
        publishedTreeHeads: published?.treeHeads,
      });
      console.log(JSON.stringify(report, null, 2));
      for (const finding of report.findings) console.error(`${finding.kind}: ${finding.detail}`);
      for (const link of report.brokenLinks)
        console.error(`chain ${link.reason}: ${link.streamId} revision ${link.revision}`);
      process.exitCode = report.ok ? 0 : 1;
    } finally {
      log?.close();
    }
  } finally {
    await store.close();
  }
}

const emptyLog = {
  tail: () => ({ size: 0, lastPosition: undefined }),
  entries: () => [],
  treeHeads: () => [],
};

/** The public half of the signing key file, when this machine holds it. */
function publicKeyOf(keyFile: string): string | undefined {
  if (!fs.existsSync(keyFile)) return undefined;
  return createPublicKey(fs.readFileSync(keyFile))
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** An export of `GET /audit/tree-heads` (or `npm run audit:tree-head -- --export`). */
function readHeads(file: string): { publicKey?: string; treeHeads: SignedTreeHead[] } {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    publicKey?: string;
    treeHeads?: SignedTreeHead[];
  };
  if (!Array.isArray(parsed.treeHeads)) throw new Error(`${file} holds no treeHeads array.`);
  return { publicKey: parsed.publicKey, treeHeads: parsed.treeHeads };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});

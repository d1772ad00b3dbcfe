/**
 * Imports a register file from the command line against the configured stores (DATA_DIR on the
 * embedded default): the same import the API runs, as a job on the same scheduler.
 *   npm run import -- <file.csv> [--school <id>]
 * Prints progress, then the report (counts and every reject with its line) as JSON.
 * Exit code 0 when the import ran (even with rejected rows), 1 when the file is not a register
 * this service can read, 2 when the file cannot be opened or the arguments are wrong.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ApplicationModule, loadConfig } from '@app/application';
import { ImportReport, ImportReports } from '@app/application/imports/import-reports';
import { ImportsModule } from '@app/application/imports/imports.module';
import { RegisterImports } from '@app/application/imports/register-imports';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';

@Module({})
class ImportCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ImportCliModule,
      imports: [ApplicationModule.forRoot(config), ImportsModule.forRoot(config)],
    };
  }
}

const POLL_MS = 250;
const progressLine = (r: ImportReport) =>
  `${r.status} ${r.progress.phase}: ${r.progress.rowsRead} rows read, ${r.progress.pupilsProcessed}/${r.progress.pupilsSeen} pupils, ${r.counts.marksRecorded} marks recorded, ${r.counts.marksCorrected} corrected, ${r.counts.rowsRejected} rows rejected`;

async function main(): Promise<number> {
  let file: string;
  let school: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: { school: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new Error('Give exactly one file.');
    [file] = positionals;
    school = values.school;
  } catch (error) {
    console.error(
      `${(error as Error).message}\nUsage: npm run import -- <file.csv> [--school <id>]`,
    );
    return 2;
  }
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    if (!(await fs.promises.stat(file)).isFile()) throw new Error('it is not a file');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }

  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const app = await NestFactory.createApplicationContext(ImportCliModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const received = await app.get(RegisterImports).receive(fs.createReadStream(file), {
      actor: `cli:${process.env.USER ?? 'unknown'}`,
      role: 'attendance-officer',
      schoolId: school ?? null,
    });
    console.log(
      received.created
        ? `import ${received.importId} started`
        : `import ${received.importId}: this file was already received; showing its report`,
    );
    const reports = app.get(ImportReports);
    let last = '';
    for (;;) {
      const report = (await reports.get(received.importId))!;
      const line = progressLine(report);
      if (line !== last) console.log(line);
      last = line;
      if (report.status === 'completed' || report.status === 'failed') {
        const rejects = [];
        let cursor: string | undefined;
        do {
          const page = await reports.rejects(received.importId, 1000, cursor);
          rejects.push(
            ...page.items.map(({ line: l, kind, reason }) => ({ line: l, kind, reason })),
          );
          cursor = page.nextCursor;
        } while (cursor);
        console.log(JSON.stringify({ ...report, rejects }, null, 2));
        return report.status === 'completed' ? 0 : 1;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);

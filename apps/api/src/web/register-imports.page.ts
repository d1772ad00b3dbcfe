/**
 * Register imports for attendance officers: upload a school's register (CSV, as the API's
 * POST /imports/registers takes it), then follow its progress and read every rejected line with its
 * line number and reason. The upload streams through busboy into the same RegisterImports.receive
 * the API uses: the same file twice is the same import.
 */
import { Get, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ImportReports } from '@app/application/imports/import-reports';
import { EmptyRegisterFile, RegisterImports } from '@app/application/imports/register-imports';
import busboy from 'busboy';
import { RequireCapability } from '../auth/auth.decorators';
import { ID_PATTERN } from '../common/validators';
import { ImportParam } from '../imports/imports.controller';
import { WebRequest } from './web-auth.guard';
import { redirect, uploadStream, type WebHttpResponse } from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

/** Rejects shown on the page; the API pages the rest. */
const REJECTS_SHOWN = 500;
/** A school's register for a term is a few megabytes; a whole LA's week goes through the API or CLI. */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

class FileTooLarge extends Error {}

const invalid = (field: 'register' | 'school', message: string): Upload => ({
  kind: 'invalid',
  field,
  message,
});

type Upload =
  { kind: 'received'; importId: string } | { kind: 'invalid'; field: string; message: string };

@WebPage('register-imports', { forms: 'multipart/form-data' })
export class RegisterImportsPage {
  constructor(
    private readonly imports: RegisterImports,
    private readonly reports: ImportReports,
    private readonly pages: WebPages,
  ) {}

  @Get()
  @RequireCapability('imports.run')
  form(@Req() req: WebRequest, @Res() res: WebHttpResponse) {
    this.renderForm(res, req, null);
  }

  @Post()
  @RequireCapability('imports.run')
  async upload(@Req() req: WebRequest, @Res() res: WebHttpResponse) {
    const result = await this.receive(req);
    if (result.kind === 'invalid') return this.renderForm(res, req, result, 400);
    redirect(res, `/register-imports/${result.importId}`);
  }

  @Get(':importId')
  @RequireCapability('imports.run')
  async report(
    @Param() { importId }: ImportParam,
    @Req() req: WebRequest,
    @Res() res: WebHttpResponse,
  ) {
    const report = await this.reports.get(importId);
    if (!report) throw new NotFoundException({ detail: `There is no import ${importId}.` });
    const rejects = await this.reports.rejects(importId, REJECTS_SHOWN);
    this.pages.render(
      res,
      'register-import',
      { section: '/register-imports', report, rejects: rejects.items, more: !!rejects.nextCursor },
      req.webSession!,
    );
  }

  /** Streams the form's file into an import; the school field comes before it in the form. */
  private receive(req: WebRequest): Promise<Upload> {
    return new Promise((resolve, reject) => {
      let school: string | null = null;
      let started: Promise<Upload> | null = null;
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          limits: { files: 1, fileSize: MAX_UPLOAD_BYTES, fields: 5 },
        });
      } catch {
        return resolve(invalid('register', 'Choose a CSV file'));
      }
      parser.on('field', (name, value) => {
        if (name === 'school' && value.trim()) school = value.trim();
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'register' || started) return stream.resume();
        if (!info.filename) {
          stream.resume();
          started = Promise.resolve(invalid('register', 'Choose a CSV file'));
          return;
        }
        if (school !== null && !ID_PATTERN.test(school)) {
          stream.resume();
          started = Promise.resolve(
            invalid('school', 'The school must be a school id, for example school-1'),
          );
          return;
        }
        // A file cut off at the limit must not become an import of its first 50 MB.
        stream.on('limit', () => stream.destroy(new FileTooLarge()));
        started = this.imports
          .receive(stream, {
            actor: req.principal!.userId,
            role: req.principal!.role,
            schoolId: school,
          })
          .then(
            (received): Upload => ({ kind: 'received', importId: received.importId }),
            (error: unknown): Upload => {
              if (error instanceof EmptyRegisterFile)
                return invalid('register', 'The selected file is empty');
              if (error instanceof FileTooLarge)
                return invalid('register', 'The file must be smaller than 50 MB');
              throw error;
            },
          );
      });
      parser.on('error', reject);
      parser.on('close', () => {
        (started ?? Promise.resolve<Upload>(invalid('register', 'Choose a CSV file'))).then(
          resolve,
          reject,
        );
      });
      uploadStream(req).pipe(parser);
    });
  }

  private renderForm(
    res: WebHttpResponse,
    req: WebRequest,
    error: { field: string; message: string } | null,
    status = 200,
  ) {
    this.pages.render(
      res,
      'register-imports',
      {
        section: '/register-imports',
        errors: error ? [{ text: error.message, href: `#${error.field}` }] : [],
        errorFor: error ? { [error.field]: error.message } : {},
      },
      req.webSession!,
      status,
    );
  }
}

/**
 * Errors on web pages are pages: signing in when the session has ended, and otherwise a GOV.UK
 * error page with the same `detail` the API would give (never internals; the correlation id for
 * anything unexpected).
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { toProblem } from '@app/application';
import { SignInRequired, WebRequest } from './web-auth.guard';
import { redirect, type WebHttpResponse } from './web-http';
import { WebPages } from './web-pages';

@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrorFilter');

  constructor(private readonly pages: WebPages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest & { id?: unknown }>();
    const res = host.switchToHttp().getResponse<WebHttpResponse>();
    if (error instanceof SignInRequired) {
      redirect(res, `/sign-in?returnTo=${encodeURIComponent(error.returnTo)}`);
      return;
    }
    const correlationId = typeof req.id === 'string' ? req.id : undefined;
    let status: number;
    let detail: string;
    if (error instanceof HttpException) {
      status = error.getStatus();
      const body = error.getResponse();
      detail =
        typeof body === 'object' && body && 'detail' in body
          ? String((body as { detail: unknown }).detail)
          : error.message;
    } else {
      const problem = toProblem(error, correlationId);
      status = problem.status;
      detail = problem.detail;
      if (status >= 500)
        this.logger.error({ correlationId, err: (error as Error)?.name }, 'web page failed');
    }
    this.pages.render(
      res,
      'error',
      { status, detail, title: titleOf(status), correlationId },
      req.webSession ?? null,
      status,
    );
  }
}

function titleOf(status: number): string {
  if (status === 403) return 'You cannot open this page';
  if (status === 404) return 'Page not found';
  if (status >= 500) return 'Sorry, there is a problem with the service';
  return 'There is a problem';
}

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig, Metrics } from '@app/application';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet's defaults: a same-origin content security policy, HSTS, nosniff,
 * frame-ancestors 'none' and the rest), CORS for the allow-listed origins only
 * (CORS_ALLOWED_ORIGINS; none by default, so browsers on other origins are refused), the proxies
 * believed for the client address, and every request's latency by route pattern.
 */
export function configureOperations(app: INestApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const express = app as NestExpressApplication;
  express.set('trust proxy', config.operations.trustProxyHops);
  app.use(helmet());
  if (config.operations.corsOrigins.length)
    app.enableCors({
      origin: config.operations.corsOrigins,
      exposedHeaders: ['ETag', 'Location', 'X-Correlation-Id', 'Retry-After'],
      maxAge: 600,
    });
  const latency = app.get(Metrics).httpDuration;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = latency.startTimer({ method: req.method });
    res.once('finish', () => {
      // The route pattern (`/pupils/:pupilId`), never the path: ids are not labels.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  });
}

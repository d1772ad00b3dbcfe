import type { INestApplication } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/application';
import helmet from 'helmet';
import { configureHttpPlatform } from '../http-platform';

/**
 * Security headers (helmet's defaults: a same-origin content security policy, HSTS, nosniff,
 * frame-ancestors 'none' and the rest), CORS for the allow-listed origins only
 * (CORS_ALLOWED_ORIGINS; none by default, so browsers on other origins are refused), then what
 * the HTTP platform does itself: the proxies believed for the client address, every request's
 * latency by route pattern and JSON bodies (http-platform.ts).
 */
export function configureOperations(app: INestApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  app.use(helmet());
  if (config.operations.corsOrigins.length)
    app.enableCors({
      origin: config.operations.corsOrigins,
      exposedHeaders: ['ETag', 'Location', 'X-Correlation-Id', 'Retry-After'],
      maxAge: 600,
    });
  configureHttpPlatform(app, config);
}

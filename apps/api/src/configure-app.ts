import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, validationPipe } from '@app/application';
import { configureOperations } from './operations/configure-operations';
import { completeOpenApiContract, operationId } from './operations/openapi';
import { configureWeb } from './web/web.module';

/** What main.ts and the end-to-end tests both apply to the app, so tests run the real thing. */
export function configureApp(app: INestApplication, config: Pick<AppConfig, 'web'>): void {
  configureOperations(app);
  app.useGlobalPipes(validationPipe());
  if (config.web.pages) configureWeb(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('attendance-casework')
      .setDescription(
        'The graduated response to school absence: expect, monitor, listen and understand, facilitate support, formalise support, enforce.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { operationIdFactory: operationId },
  );
  completeOpenApiContract(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { WebAuthGuard } from './web-auth.guard';
import { WebErrorFilter } from './web-error.filter';

/**
 * A controller of web pages: not in the API's OpenAPI document, past the bearer-token guard (pages
 * have sessions), errors rendered as pages, and forms rather than JSON (the JSON-only guard lets a
 * declared media type through). `signedIn: false` only for signing in and out.
 */
export const WebPage = (
  path: string,
  options: {
    signedIn?: boolean;
    forms?: 'application/x-www-form-urlencoded' | 'multipart/form-data';
  } = {},
) =>
  applyDecorators(
    ApiExcludeController(),
    ApiConsumes(options.forms ?? 'application/x-www-form-urlencoded'),
    Public(),
    ...(options.signedIn === false ? [] : [UseGuards(WebAuthGuard)]),
    UseFilters(WebErrorFilter),
    Controller(path),
  );

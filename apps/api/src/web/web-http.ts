/**
 * What the web pages do with a request and its response, on express and on fastify alike (the
 * platform is HTTP_ADAPTER's; http-platform.ts registers the cookie, form and static-file support
 * each needs). A page's handler holds express's request and response or fastify's request and
 * reply: it reads and answers through these, never through one platform's own methods.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { headerOf } from '../common/http-headers';
import { bodyStream, type BodyRequest } from '../common/request-body';

/** Express's request or fastify's: headers, the parsed query, form body and cookies. */
export interface WebHttpRequest {
  method: string;
  headers: IncomingMessage['headers'];
  /** The path and query as the browser sent them (express's and fastify's `originalUrl`). */
  originalUrl: string;
  query: unknown;
  body?: unknown;
  cookies?: Record<string, string | undefined>;
  id?: unknown;
}

/** Express's response or fastify's reply: the methods both have, with the same meaning. */
export interface WebHttpResponse {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
  send(body?: string): unknown;
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'lax' | 'strict';
  secure: boolean;
  path: string;
  /** Milliseconds; a session cookie without. */
  maxAge?: number;
}

/** Fastify's reply wraps node's response (`raw`); express's response is one. */
interface FastifyReplyLike extends WebHttpResponse {
  raw: ServerResponse;
  hijack(): void;
  redirect(url: string, code: number): unknown;
  setCookie(name: string, value: string, options: Record<string, unknown>): unknown;
  clearCookie(name: string, options: Record<string, unknown>): unknown;
}
interface ExpressResponseLike extends WebHttpResponse {
  redirect(code: number, url: string): unknown;
  cookie(name: string, value: string, options: Record<string, unknown>): unknown;
  clearCookie(name: string, options: Record<string, unknown>): unknown;
}
const isFastify = (res: WebHttpResponse): res is FastifyReplyLike =>
  typeof (res as Partial<FastifyReplyLike>).hijack === 'function';
const asExpress = (res: WebHttpResponse) => res as ExpressResponseLike;

/** An HTML page with its status. */
export function sendHtml(res: WebHttpResponse, html: string, status = 200): void {
  res.status(status);
  res.header('Content-Type', 'text/html; charset=utf-8');
  res.send(html);
}

/** A redirect (303 after a form post: the browser GETs the page it is sent to). */
export function redirect(res: WebHttpResponse, url: string, status = 303): void {
  // Express's redirect takes the status first, fastify's (v5) last.
  if (isFastify(res)) res.redirect(url, status);
  else asExpress(res).redirect(status, url);
}

export function setCookie(
  res: WebHttpResponse,
  name: string,
  value: string,
  options: CookieOptions,
): void {
  if (!isFastify(res)) {
    asExpress(res).cookie(name, value, { ...options });
    return;
  }
  // @fastify/cookie counts Max-Age in seconds and sets no Expires; express sets both from ms.
  const { maxAge, ...rest } = options;
  res.setCookie(name, value, {
    ...rest,
    ...(maxAge
      ? { maxAge: Math.floor(maxAge / 1000), expires: new Date(Date.now() + maxAge) }
      : {}),
  });
}

export function clearCookie(
  res: WebHttpResponse,
  name: string,
  options: Omit<CookieOptions, 'maxAge'>,
): void {
  if (isFastify(res)) res.clearCookie(name, { ...options });
  else asExpress(res).clearCookie(name, { ...options });
}

/** A cookie the request carries (cookie-parser on express, @fastify/cookie on fastify). */
export const cookieOf = (req: WebHttpRequest, name: string): string | undefined =>
  req.cookies?.[name];

/** The path the browser asked for, without the query. */
export const pathOf = (req: WebHttpRequest): string => req.originalUrl.split('?')[0];

/** A query parameter given once, else undefined. */
export function queryParam(req: WebHttpRequest, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** A form post's fields (the platform's urlencoded parser has read them). */
export const formOf = <T extends object = Record<string, unknown>>(req: WebHttpRequest): T =>
  (req.body ?? {}) as T;

export const isMultipart = (req: WebHttpRequest): boolean =>
  /^multipart\/form-data\b/i.test(headerOf(req, 'content-type') ?? '');

/** The request's unread body (a file upload), for streaming into a parser. */
export const uploadStream = (req: WebHttpRequest): Readable =>
  bodyStream(req as unknown as BodyRequest);

/**
 * Node's own request and response, for a library that reads or answers on them (oidc-provider).
 * When it `answers`, fastify's reply is handed over (hijacked), so fastify does not answer too.
 */
export function nodeHttpOf(
  req: WebHttpRequest,
  res: WebHttpResponse,
  { answers }: { answers: boolean },
): { req: IncomingMessage; res: ServerResponse } {
  if (!isFastify(res))
    return { req: req as unknown as IncomingMessage, res: res as unknown as ServerResponse };
  if (answers) res.hijack();
  return { req: (req as unknown as { raw: IncomingMessage }).raw, res: res.raw };
}

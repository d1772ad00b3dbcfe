import type { IncomingHttpHeaders } from 'node:http';

/** A request header's (first) value, on express's request and fastify's alike. */
export function headerOf(
  request: { headers: IncomingHttpHeaders },
  name: string,
): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

import type { IncomingHttpHeaders } from 'node:http';

/** A request header's (first) value, on express's request and fastify's alike. */
export function headerOf(
  request: { headers: IncomingHttpHeaders },
  name: string,
): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

interface AcceptRange {
  type: string;
  subtype: string;
  q: number;
  index: number;
}

function acceptRanges(accept: string): AcceptRange[] {
  return accept.split(',').flatMap((part, index) => {
    const [range, ...params] = part.trim().split(';');
    const [type, subtype] = range.trim().toLowerCase().split('/');
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim().split('=')).find(([k]) => k.toLowerCase() === 'q');
    const q = qParam ? Number(qParam[1]) : 1;
    return Number.isFinite(q) ? [{ type, subtype, q, index }] : [];
  });
}

/**
 * Which of `types` the Accept header prefers, as express's `req.accepts` chooses (the highest q,
 * then the most specific range, then the range listed first, then the order given); the first
 * when there is no Accept header, undefined when none is acceptable.
 */
export function preferredType(
  request: { headers: IncomingHttpHeaders },
  types: readonly string[],
): string | undefined {
  const accept = headerOf(request, 'accept');
  if (!accept) return types[0];
  const ranges = acceptRanges(accept);
  const ranked = types.flatMap((candidate, order) => {
    const [type, subtype] = candidate.split('/');
    const matches = ranges
      .map((r) => ({
        ...r,
        specificity:
          r.type === type && r.subtype === subtype
            ? 2
            : r.type === type && r.subtype === '*'
              ? 1
              : r.type === '*'
                ? 0
                : -1,
      }))
      .filter((r) => r.specificity >= 0)
      .sort((a, b) => b.specificity - a.specificity || a.index - b.index);
    const best = matches[0];
    return best && best.q > 0 ? [{ candidate, order, ...best }] : [];
  });
  ranked.sort(
    (a, b) => b.q - a.q || b.specificity - a.specificity || a.index - b.index || a.order - b.order,
  );
  return ranked[0]?.candidate;
}

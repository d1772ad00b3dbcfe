/**
 * Renders a page: the template named after it, with who is signed in, their CSRF token and the
 * navigation their role may use, under security headers that allow nothing inline but the GOV.UK
 * template's one pinned script, no framing, and forms posting only here.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, hasCapability, Principal } from '@app/application';
import type { Environment } from 'nunjucks';
import { createViews, govukInlineScriptHash } from './views';
import { sendHtml, type WebHttpResponse } from './web-http';
import type { WebSession } from './web-session';

export interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

@Injectable()
export class WebPages {
  private readonly views: Environment = createViews();
  private readonly csp: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const signIn = config.web.signIn;
    const formTargets = [
      "'self'",
      ...(signIn.kind === 'external' ? [new URL(signIn.issuer).origin] : []),
    ];
    this.csp = [
      "default-src 'self'",
      `script-src 'self' ${govukInlineScriptHash()}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action ${formTargets.join(' ')}`,
      "frame-ancestors 'none'",
    ].join('; ');
  }

  render(
    res: WebHttpResponse,
    page: string,
    context: Record<string, unknown>,
    session: WebSession | null,
    status = 200,
  ): void {
    this.secure(res);
    const html = this.views.render(`${page}.njk`, {
      ...context,
      user: session ? { name: session.name, role: session.principal.role } : null,
      csrf: session?.csrf ?? null,
      navigation: session ? navigationFor(session.principal, String(context.section ?? '')) : [],
    });
    sendHtml(res, html, status);
  }

  secure(res: WebHttpResponse): void {
    res.header('Content-Security-Policy', this.csp);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('X-Frame-Options', 'DENY');
    // Pages show children's casework: never kept by a browser or a proxy.
    res.header('Cache-Control', 'no-store');
  }
}

/** What the signed-in person's role may open, from the same access policy as the API. */
export function navigationFor(principal: Principal, section: string): NavItem[] {
  const items: (NavItem & { capability: Parameters<typeof hasCapability>[1] })[] = [
    { href: '/my-caseload', text: 'Caseload', capability: 'journey.read' },
    { href: '/my-tasks', text: 'My tasks', capability: 'tasks.read' },
    { href: '/panel', text: 'Panel queue', capability: 'panel.decide' },
    { href: '/register-imports', text: 'Register imports', capability: 'imports.run' },
  ];
  return items
    .filter((i) => hasCapability(principal, i.capability))
    .map(({ href, text }) => ({ href, text, active: section === href }));
}

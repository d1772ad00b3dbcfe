/** The development identity provider's sign-in page: choose one of the seeded users (dev-users.ts). */
import { Get, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { DevIdentityProvider } from './dev-identity-provider';
import { DEV_USERS } from './dev-users';
import {
  formOf,
  type WebHttpRequest as Request,
  type WebHttpResponse as Response,
} from './web-http';
import { WebPage } from './web-page.decorator';
import { WebPages } from './web-pages';

@WebPage('dev-oidc/interaction', { signedIn: false })
export class DevSignInController {
  constructor(
    private readonly provider: DevIdentityProvider,
    private readonly pages: WebPages,
  ) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    this.assertEnabled();
    const details = await this.provider.interaction(req, res);
    this.pages.render(
      res,
      'dev-sign-in',
      { uid: details.uid, users: DEV_USERS, error: null },
      null,
    );
  }

  @Post(':uid')
  async choose(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    this.assertEnabled();
    const chosen = formOf(req).user;
    if (!DEV_USERS.some((u) => u.sub === chosen)) {
      return this.pages.render(
        res,
        'dev-sign-in',
        { uid, users: DEV_USERS, error: 'Select who you want to sign in as' },
        null,
        400,
      );
    }
    await this.provider.signIn(req, res, String(chosen));
  }

  private assertEnabled() {
    if (!this.provider.enabled) throw new NotFoundException();
  }
}

/** The development identity provider's sign-in page: choose one of the seeded users (dev-users.ts). */
import {
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiConsumes, ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { DevIdentityProvider } from './dev-identity-provider';
import { DEV_USERS } from './dev-users';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';

@ApiExcludeController()
// Forms, not JSON: the JSON-only guard lets a declared media type through.
@ApiConsumes('application/x-www-form-urlencoded')
@Public()
@UseFilters(WebErrorFilter)
@Controller('dev-oidc/interaction')
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
    const chosen = (req.body as Record<string, unknown> | undefined)?.user;
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

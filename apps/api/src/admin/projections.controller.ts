import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { PROJECTOR } from '@app/application';
import { type Projector, type ProjectionStatus, UnknownProjection } from '@app/read-models';
import type { Response } from 'express';
import { RequireCapability } from '../auth/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';

/**
 * Where each read model stands, and rebuilding one from the events (administrators only). A
 * rebuild is asked for here and done by whichever process runs the projection (this one on the
 * embedded default, the worker otherwise); the current version serves reads until the new one
 * has caught up.
 */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsController {
  constructor(@Inject(PROJECTOR) private readonly projector: Projector) {}

  @Get()
  @RequireCapability('admin.configure')
  async status(): Promise<ProjectionStatus[]> {
    return this.projector.status();
  }

  @Post(':name/rebuild')
  @Idempotent()
  @HttpCode(202)
  @RequireCapability('admin.configure')
  @ApiParam({ name: 'name', example: 'caseload' })
  @ApiAcceptedResponse({
    description: 'Rebuild asked for; it is done when GET /admin/projections shows a new version.',
  })
  async rebuild(@Param('name') name: string, @Res({ passthrough: true }) response: Response) {
    try {
      const { fromVersion } = await this.projector.requestRebuild(name);
      response.header('Location', '/admin/projections');
      return { projection: name, fromVersion, status: 'requested' };
    } catch (error) {
      if (error instanceof UnknownProjection) throw new NotFoundException(error.message);
      throw error;
    }
  }
}

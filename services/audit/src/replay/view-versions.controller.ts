import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorize } from '@bulwark/auth';
import { ViewVersions } from './view-versions';

/** The versions of the views and the recorded switches (read only). */
@ApiTags('audit log')
@ApiBearerAuth()
@Authorize('auditor')
@Controller()
export class ViewVersionsController {
  constructor(private readonly versions: ViewVersions) {}

  @Get('views')
  @ApiOperation({ summary: 'Versions of every view, and every recorded switch' })
  async views() {
    const [versions, switches] = await Promise.all([
      this.versions.list(),
      this.versions.switches(),
    ]);
    return { versions, switches };
  }
}

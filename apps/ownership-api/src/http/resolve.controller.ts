import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/required-scope';
import { ResolveService } from '../resolve/resolve.service';
import { ResolveRequestDto } from './dto/resolve-request.dto';

@ApiTags('resolve')
@ApiBearerAuth()
@Controller('v1/resolve')
export class ResolveController {
  constructor(private readonly resolver: ResolveService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({
    summary: 'Find the owner of up to 500 workloads',
    description:
      'Rules are tried in order and the first match wins: workload placement, label selector, namespace default, ' +
      'image repository, cloud resource. results[i] answers identities[i].',
  })
  async resolve(@Body() body: ResolveRequestDto) {
    return { results: await this.resolver.resolve(body.identities) };
  }
}

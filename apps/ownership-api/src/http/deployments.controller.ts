import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireScope } from '../auth/required-scope';
import { DeploymentService } from '../deployments/deployment.service';
import { DeploymentDto } from './dto/import.dto';

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('v1/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Record that a deploy pipeline put an image on a workload' })
  record(@Body() body: DeploymentDto, @Actor() actor: string) {
    return this.deployments.record(body, actor);
  }
}

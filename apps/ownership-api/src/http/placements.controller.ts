import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireScope } from '../auth/required-scope';
import { PlacementService } from '../catalog/placement.service';
import { PlacementBodyDto } from './dto/catalog.dto';
import { pageOf, PlacementListQueryDto } from './dto/list-query.dto';
import { parsePlacementId } from './placement-id';

@ApiTags('placements')
@ApiBearerAuth()
@Controller('v1/placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementService) {}

  @Get()
  @RequireScope('read')
  list(@Query() query: PlacementListQueryDto) {
    const filter = {
      serviceName: query.service,
      cluster: query.cluster,
      namespace: query.namespace,
      workloadName: query.workload,
    };
    return this.placements.list(filter, pageOf(query));
  }

  @Post()
  @RequireScope('write')
  create(@Body() body: PlacementBodyDto, @Actor() actor: string) {
    return this.placements.create(body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('write')
  async delete(@Param('id') id: string, @Actor() actor: string) {
    await this.placements.delete(parsePlacementId(id), actor);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireScope } from '../auth/required-scope';
import { ServiceCatalogService } from '../catalog/service-catalog.service';
import { ServiceBodyDto } from './dto/catalog.dto';
import { pageOf, ServiceListQueryDto } from './dto/list-query.dto';
import { EntityNamePipe } from './entity-name.pipe';

@ApiTags('services')
@ApiBearerAuth()
@Controller('v1/services')
export class ServicesController {
  constructor(private readonly services: ServiceCatalogService) {}

  @Get()
  @RequireScope('read')
  list(@Query() query: ServiceListQueryDto) {
    const filter = {
      ownerTeam: query.team,
      criticality: query.criticality,
      language: query.language,
      system: query.system,
      search: query.search,
    };
    return this.services.list(filter, pageOf(query));
  }

  @Get(':name')
  @RequireScope('read')
  get(@Param('name', EntityNamePipe) name: string) {
    return this.services.get(name);
  }

  @Put(':name')
  @RequireScope('write')
  put(
    @Param('name', EntityNamePipe) name: string,
    @Body() body: ServiceBodyDto,
    @Actor() actor: string,
  ) {
    return this.services.put(
      { name, ...body, libraries: body.libraries ?? [], dependencies: body.dependencies ?? [] },
      actor,
    );
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireScope('write')
  async delete(@Param('name', EntityNamePipe) name: string, @Actor() actor: string) {
    await this.services.delete(name, actor);
  }
}

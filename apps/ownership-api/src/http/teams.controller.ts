import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireScope } from '../auth/required-scope';
import { TeamService } from '../catalog/team.service';
import { TeamBodyDto } from './dto/catalog.dto';
import { pageOf, TeamListQueryDto } from './dto/list-query.dto';
import { EntityNamePipe } from './entity-name.pipe';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamService) {}

  @Get()
  @RequireScope('read')
  list(@Query() query: TeamListQueryDto) {
    return this.teams.list(
      { search: query.search, slackChannel: query.slackChannel },
      pageOf(query),
    );
  }

  @Get(':name')
  @RequireScope('read')
  get(@Param('name', EntityNamePipe) name: string) {
    return this.teams.get(name);
  }

  @Put(':name')
  @RequireScope('write')
  put(
    @Param('name', EntityNamePipe) name: string,
    @Body() body: TeamBodyDto,
    @Actor() actor: string,
  ) {
    return this.teams.put({ name, ...body, members: body.members ?? [] }, actor);
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireScope('write')
  async delete(@Param('name', EntityNamePipe) name: string, @Actor() actor: string) {
    await this.teams.delete(name, actor);
  }
}

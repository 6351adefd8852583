import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireScope } from '../auth/required-scope';
import { TokenService } from '../auth/token.service';
import { AuditService } from '../catalog/audit.service';
import { AuditListQueryDto, pageOf, TokenBodyDto } from './dto/list-query.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1')
export class AdminController {
  constructor(
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  @Get('tokens')
  @RequireScope('admin')
  listTokens() {
    return this.tokens.list();
  }

  @Post('tokens')
  @RequireScope('admin')
  createToken(@Body() body: TokenBodyDto, @Actor() actor: string) {
    return this.tokens.create(body.name, [...new Set(body.scopes)], actor);
  }

  @Delete('tokens/:name')
  @HttpCode(204)
  @RequireScope('admin')
  async revokeToken(@Param('name') name: string, @Actor() actor: string) {
    await this.tokens.revoke(name, actor);
  }

  @Get('audit')
  @RequireScope('admin')
  listAudit(@Query() query: AuditListQueryDto) {
    return this.audit.list(
      { entityType: query.entityType, entityKey: query.entityKey },
      pageOf(query),
    );
  }
}

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequireScope } from '../auth/required-scope';

/** Nest injection token of the OpenAPI document built at start. */
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/** Serves the OpenAPI document; like every endpoint but health, it needs a token. */
@ApiExcludeController()
@Controller()
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: { current?: object }) {}

  @Get('openapi.json')
  @RequireScope('read')
  openapi() {
    return this.document.current ?? {};
  }
}

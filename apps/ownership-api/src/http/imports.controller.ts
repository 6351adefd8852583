import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor.decorator';
import { RequireScope } from '../auth/required-scope';
import { AwsTagsImportService } from '../imports/aws-tags/aws-tags-import.service';
import { BackstageImportService } from '../imports/backstage/backstage-import.service';
import { VulnerabilityImportService } from '../imports/vulnerabilities/vulnerability-import.service';
import { AwsTagsImportDto, BackstageImportDto, ScanImportDto } from './dto/import.dto';

/** Default tag whose value names the service of an AWS resource. */
export const DEFAULT_SERVICE_TAG = 'service';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('v1/imports')
export class ImportsController {
  constructor(
    private readonly backstage: BackstageImportService,
    private readonly awsTags: AwsTagsImportService,
    private readonly scans: VulnerabilityImportService,
  ) {}

  @Post('backstage')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Import Backstage catalog files; idempotent, reports what changed' })
  importBackstage(@Body() body: BackstageImportDto, @Actor() actor: string) {
    return this.backstage.import(body.files, actor);
  }

  @Post('aws-tags')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Import aws resourcegroupstaggingapi get-resources output' })
  importAwsTags(@Body() body: AwsTagsImportDto, @Actor() actor: string) {
    const options = {
      tagKey: body.tagKey ?? DEFAULT_SERVICE_TAG,
      defaultAccount: body.defaultAccount,
      source: body.source,
    };
    return this.awsTags.import(body.report, options, actor);
  }

  @Post('snyk')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Import snyk test --json output' })
  importSnyk(@Body() body: ScanImportDto, @Actor() actor: string) {
    return this.scans.import('snyk', body.report, body, actor);
  }

  @Post('trivy')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Import trivy image --format json output' })
  importTrivy(@Body() body: ScanImportDto, @Actor() actor: string) {
    return this.scans.import('trivy', body.report, body, actor);
  }

  @Post('clair')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: 'Import a Clair v4 vulnerability report; pass the image it belongs to' })
  importClair(@Body() body: ScanImportDto, @Actor() actor: string) {
    return this.scans.import('clair', body.report, body, actor);
  }
}

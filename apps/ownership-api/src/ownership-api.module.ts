import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './auth/bearer-auth.guard';
import { TokenService } from './auth/token.service';
import { AuditService } from './catalog/audit.service';
import { PlacementService } from './catalog/placement.service';
import { ServiceCatalogService } from './catalog/service-catalog.service';
import { TeamService } from './catalog/team.service';
import type { Database } from './database/database';
import { DATABASE } from './database/database.token';
import { DeploymentService } from './deployments/deployment.service';
import { AdminController } from './http/admin.controller';
import { DeploymentsController } from './http/deployments.controller';
import { HealthController } from './http/health.controller';
import { ImportsController } from './http/imports.controller';
import { OPENAPI_DOCUMENT, OpenApiController } from './http/openapi.controller';
import { PlacementsController } from './http/placements.controller';
import { ResolveController } from './http/resolve.controller';
import { ServicesController } from './http/services.controller';
import { TeamsController } from './http/teams.controller';
import { AwsTagsImportService } from './imports/aws-tags/aws-tags-import.service';
import { BackstageImportService } from './imports/backstage/backstage-import.service';
import { VulnerabilityImportService } from './imports/vulnerabilities/vulnerability-import.service';
import { AuditRepository } from './repositories/audit.repository';
import { CloudResourceRepository } from './repositories/cloud-resource.repository';
import { OwnerDetailsRepository } from './repositories/owner-details.repository';
import { PlacementRepository } from './repositories/placement.repository';
import { ResolveRepository } from './repositories/resolve.repository';
import { ServiceImageRepository } from './repositories/service-image.repository';
import { ServiceRepository } from './repositories/service.repository';
import { SystemRepository } from './repositories/system.repository';
import { TeamRepository } from './repositories/team.repository';
import { TokenRepository } from './repositories/token.repository';
import { VulnerabilityRepository } from './repositories/vulnerability.repository';
import { ResolveService } from './resolve/resolve.service';

const REPOSITORIES = [
  AuditRepository,
  CloudResourceRepository,
  OwnerDetailsRepository,
  PlacementRepository,
  ResolveRepository,
  ServiceImageRepository,
  ServiceRepository,
  SystemRepository,
  TeamRepository,
  TokenRepository,
  VulnerabilityRepository,
];

const SERVICES = [
  AuditService,
  AwsTagsImportService,
  BackstageImportService,
  DeploymentService,
  PlacementService,
  ResolveService,
  ServiceCatalogService,
  TeamService,
  TokenService,
  VulnerabilityImportService,
];

/** The ownership API's Nest module; the database is opened and migrated before Nest starts. */
@Module({})
export class OwnershipApiModule {
  static forDatabase(database: Database, openapiDocument: { current?: object }): DynamicModule {
    return {
      module: OwnershipApiModule,
      controllers: [
        HealthController,
        OpenApiController,
        ResolveController,
        ServicesController,
        TeamsController,
        PlacementsController,
        ImportsController,
        DeploymentsController,
        AdminController,
      ],
      providers: [
        { provide: DATABASE, useValue: database },
        { provide: OPENAPI_DOCUMENT, useValue: openapiDocument },
        { provide: APP_GUARD, useClass: BearerAuthGuard },
        ...REPOSITORIES,
        ...SERVICES,
      ],
    };
  }
}

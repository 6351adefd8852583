import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { splitImageReference } from '@talaria/falco-event';
import type { Placement, WriteOutcome } from '../catalog/catalog-types';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.token';
import { normalizeImageRepository } from '../resolve/image-repository';
import { AuditRepository } from '../repositories/audit.repository';
import { PlacementRepository } from '../repositories/placement.repository';
import { ServiceImageRepository } from '../repositories/service-image.repository';
import { ServiceRepository } from '../repositories/service.repository';

/** Deploy event from a pipeline: service S deployed image I to cluster C, namespace N, workload W. */
export interface Deployment {
  service: string;
  image: string;
  cluster: string;
  namespace: string;
  workload: string;
  workloadKind?: string;
}

export const DEPLOY_SOURCE = 'deploy-webhook';

/** Records deployments as placements and image repositories the moment they happen. */
@Injectable()
export class DeploymentService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly services: ServiceRepository,
    private readonly placements: PlacementRepository,
    private readonly images: ServiceImageRepository,
    private readonly audit: AuditRepository,
  ) {}

  async record(
    deployment: Deployment,
    actor: string,
  ): Promise<{ placement: WriteOutcome; imageRepository: string; newImageRepository: boolean }> {
    const repository = normalizeImageRepository(deployment.image);
    if (
      repository === undefined ||
      splitImageReference(deployment.image).repository === undefined
    ) {
      throw new UnprocessableEntityException(
        `image ${JSON.stringify(deployment.image)} is not an image reference such as ghcr.io/acme/api:1.2.3`,
      );
    }

    return this.database.transaction(async (tx) => {
      if ((await this.services.existing(tx, [deployment.service])).size === 0) {
        throw new UnprocessableEntityException(
          `service ${deployment.service} is not in the catalog; import its catalog file before reporting deployments`,
        );
      }

      const placement: Placement = {
        serviceName: deployment.service,
        cluster: deployment.cluster,
        namespace: deployment.namespace,
        workloadKind: deployment.workloadKind,
        workloadName: deployment.workload,
        image: deployment.image,
        source: DEPLOY_SOURCE,
      };
      const outcome = await this.placements.upsert(tx, placement);
      const newImageRepository = await this.images.add(
        tx,
        deployment.service,
        repository,
        DEPLOY_SOURCE,
      );
      await this.audit.append(tx, [
        {
          actor,
          action: 'deploy',
          entityType: 'placement',
          entityKey: deployment.service,
          details: { ...deployment },
        },
      ]);
      return { placement: outcome, imageRepository: repository, newImageRepository };
    });
  }
}

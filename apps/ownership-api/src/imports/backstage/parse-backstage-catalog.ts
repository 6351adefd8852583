import { parseAllDocuments } from 'yaml';
import type { Placement, Service, System, Team, TeamMember } from '../../catalog/catalog-types';
import {
  CRITICALITY,
  ESCALATION,
  LANGUAGE,
  LIBRARIES,
  SLACK_CHANNEL,
  SLACK_USER_ID,
  firstAnnotation,
  repositoryFrom,
  splitList,
} from './annotations';
import {
  readEntity,
  isRecord,
  stringField,
  stringList,
  type BackstageDocument,
  type BackstageEntity,
} from './backstage-entity';
import { readComponentPlacements } from './component-placements';
import { formatEntityRef, parseEntityRef } from './entity-ref';

export interface CatalogService {
  service: Service;
  placements: Placement[];
  imageRepositories: string[];
}

export interface ParsedCatalog {
  teams: Team[];
  systems: System[];
  services: CatalogService[];
  /** Entities of kinds the ownership catalog does not use, such as API or Location. */
  ignored: string[];
  warnings: string[];
  /** Owner groups that the files name but do not define, with the entity that names each. */
  externalOwners: Array<{ origin: string; group: string }>;
  /** Problems that make the import unusable; nothing is written while there are any. */
  problems: string[];
}

/** Source prefix of every fact that a Backstage import writes. */
export const BACKSTAGE_SOURCE_PREFIX = 'backstage:';

/**
 * Reads Backstage catalog files (Component, System, Group and User entities)
 * into teams, systems and services with their placements. Entity namespaces
 * are not kept: names must be unique per kind across the files imported.
 */
export function parseBackstageCatalog(documents: readonly BackstageDocument[]): ParsedCatalog {
  const problems: string[] = [];
  const entities = readEntities(documents, problems);
  const byKind = (kind: string) => entities.filter((entity) => entity.kind === kind);

  const users = byKind('user');
  const groups = byKind('group');
  const groupNames = new Set(groups.map((group) => group.metadata.name));
  const notes: OwnerNotes = { warnings: [], externalOwners: [], groupNames };

  const teams = groups.map((group) => readTeam(group, users));
  const systems = byKind('system').map((system) => readSystem(system, notes));
  const services = byKind('component').map((component) => readService(component, notes, problems));
  const ignored = entities
    .filter((entity) => !['user', 'group', 'system', 'component'].includes(entity.kind))
    .map((entity) => entity.origin);

  return {
    teams,
    systems,
    services,
    ignored,
    warnings: notes.warnings,
    externalOwners: notes.externalOwners,
    problems,
  };
}

interface OwnerNotes {
  warnings: string[];
  externalOwners: ParsedCatalog['externalOwners'];
  groupNames: ReadonlySet<string>;
}

function readEntities(
  documents: readonly BackstageDocument[],
  problems: string[],
): BackstageEntity[] {
  const entities: BackstageEntity[] = [];
  const seen = new Map<string, string>();

  for (const document of documents) {
    const parsed = parseAllDocuments(document.content, { uniqueKeys: true });
    const list = Array.isArray(parsed) ? parsed : [parsed];
    list.forEach((yamlDocument, position) => {
      const origin = `${document.source} document ${position + 1}`;
      if (yamlDocument.errors.length > 0) {
        problems.push(
          ...yamlDocument.errors.map(
            (error) => `${origin}: invalid YAML: ${error.message.split('\n')[0]}`,
          ),
        );
        return;
      }
      const value: unknown = yamlDocument.toJS();
      if (value === null || value === undefined) return;

      const entity = readEntity(value, origin, `${BACKSTAGE_SOURCE_PREFIX}${document.source}`);
      if ('problem' in entity) {
        problems.push(entity.problem);
        return;
      }
      const key = `${entity.kind}:${entity.metadata.name}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(
          `${entity.origin}: ${entity.kind} ${entity.metadata.name} is also defined at ${earlier}`,
        );
        return;
      }
      seen.set(key, entity.origin);
      entities.push(entity);
    });
  }
  return entities;
}

function readTeam(group: BackstageEntity, users: readonly BackstageEntity[]): Team {
  const annotations = group.metadata.annotations;
  const profile = isRecord(group.spec.profile) ? group.spec.profile : {};
  const groupRef = formatEntityRef({
    kind: 'group',
    namespace: 'default',
    name: group.metadata.name,
  });

  const memberRefs = new Set(
    stringList(group.spec, 'members')
      .map((text) => parseEntityRef(text, 'user'))
      .filter((ref) => ref !== undefined)
      .map((ref) => formatEntityRef(ref)),
  );
  for (const user of users) {
    const memberOf = stringList(user.spec, 'memberOf').map((text) => parseEntityRef(text, 'group'));
    if (
      memberOf.some(
        (ref) =>
          ref !== undefined && formatEntityRef({ ...ref, namespace: 'default' }) === groupRef,
      )
    ) {
      memberRefs.add(
        formatEntityRef({ kind: 'user', namespace: 'default', name: user.metadata.name }),
      );
    }
  }

  const members = [...memberRefs].sort().map((ref) => describeMember(ref, users));
  return {
    name: group.metadata.name,
    displayName: stringField(profile, 'displayName') ?? group.metadata.title,
    slackChannel: firstAnnotation(annotations, SLACK_CHANNEL),
    escalationContact: firstAnnotation(annotations, [ESCALATION]) ?? stringField(profile, 'email'),
    members,
    source: group.source,
  };
}

function describeMember(ref: string, users: readonly BackstageEntity[]): TeamMember {
  const name = ref.slice(ref.indexOf('/') + 1);
  const user = users.find((candidate) => candidate.metadata.name === name);
  const member: TeamMember = { ref };
  if (user === undefined) return member;

  const profile = isRecord(user.spec.profile) ? user.spec.profile : {};
  const email = stringField(profile, 'email');
  const slackId = firstAnnotation(user.metadata.annotations, SLACK_USER_ID);
  if (email !== undefined) member.email = email;
  if (slackId !== undefined) member.slackId = slackId;
  return member;
}

function readSystem(system: BackstageEntity, notes: OwnerNotes): System {
  return {
    name: system.metadata.name,
    ownerTeam: readOwner(system, notes),
    criticality: firstAnnotation(system.metadata.annotations, [CRITICALITY]),
    description: system.metadata.description,
    source: system.source,
  };
}

function readService(
  component: BackstageEntity,
  notes: OwnerNotes,
  problems: string[],
): CatalogService {
  const annotations = component.metadata.annotations;
  const systemRef = stringField(component.spec, 'system');
  const dependencies = stringList(component.spec, 'dependsOn')
    .map((text) => parseEntityRef(text, 'component'))
    .filter((ref) => ref !== undefined)
    .map((ref) => formatEntityRef(ref));

  const service: Service = {
    name: component.metadata.name,
    ownerTeam: readOwner(component, notes),
    system: systemRef === undefined ? undefined : parseEntityRef(systemRef, 'system')?.name,
    criticality: firstAnnotation(annotations, [CRITICALITY]),
    lifecycle: stringField(component.spec, 'lifecycle'),
    repository: repositoryFrom(annotations),
    language: firstAnnotation(annotations, [LANGUAGE]),
    libraries: splitList(annotations[LIBRARIES]),
    dependencies,
    slackChannel: firstAnnotation(annotations, SLACK_CHANNEL),
    description: component.metadata.description,
    source: component.source,
  };

  const placements = readComponentPlacements(component);
  problems.push(...placements.problems);
  return {
    service,
    placements: placements.placements,
    imageRepositories: placements.imageRepositories,
  };
}

function readOwner(entity: BackstageEntity, notes: OwnerNotes): string | undefined {
  const { warnings } = notes;
  const text = stringField(entity.spec, 'owner');
  if (text === undefined) {
    warnings.push(`${entity.origin}: spec.owner is missing, so its findings will name no team`);
    return undefined;
  }
  const ref = parseEntityRef(text, 'group');
  if (ref === undefined) {
    warnings.push(
      `${entity.origin}: spec.owner ${JSON.stringify(text)} is not an entity reference`,
    );
    return undefined;
  }
  if (ref.kind !== 'group') {
    warnings.push(
      `${entity.origin}: spec.owner ${text} is a ${ref.kind}, not a group; it is kept as the team name`,
    );
  } else if (!notes.groupNames.has(ref.name)) {
    notes.externalOwners.push({ origin: entity.origin, group: ref.name });
  }
  return ref.name;
}

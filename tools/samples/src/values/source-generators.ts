import { cloudtrailSource } from './cloudtrail-source';
import { gcpAuditSource } from './gcp-audit-source';
import { genericPluginSource } from './generic-plugin-source';
import { githubSource } from './github-source';
import { k8sAuditSource } from './k8s-audit-source';
import { oktaSource } from './okta-source';
import type { SourceGenerator } from './source-generator';
import { syscallSource } from './syscall/syscall-source';

const GENERATORS: Record<string, SourceGenerator> = {
  syscall: syscallSource,
  k8s_audit: k8sAuditSource,
  aws_cloudtrail: cloudtrailSource,
  okta: oktaSource,
  github: githubSource,
  gcp_auditlog: gcpAuditSource,
};

/** Returns the generator for an event source. Unknown plugin sources get fields without values. */
export function sourceGenerator(source: string): SourceGenerator {
  return GENERATORS[source] ?? genericPluginSource(source);
}

import type { OwnerInfo } from '@talaria/falco-event';
import type { OwnerAnswer } from './resolve-wire';

/** Team name on findings whose service has no owning team in the catalog. */
export const UNASSIGNED_TEAM = 'unassigned';

/** Turns the API's result into the owner a finding carries. */
export function toOwnerInfo(answer: OwnerAnswer): OwnerInfo {
  if (answer.status === 'unknown') return { status: 'unknown', reason: answer.reason };

  const owner: OwnerInfo = {
    status: 'known',
    service: answer.service.name,
    team: answer.team?.name ?? UNASSIGNED_TEAM,
    matchedBy: answer.matchedBy,
  };
  if (answer.contacts.slackChannel !== undefined) owner.slackChannel = answer.contacts.slackChannel;
  if (answer.contacts.escalationContact !== undefined)
    owner.escalationContact = answer.contacts.escalationContact;
  if (answer.criticality !== undefined) owner.criticality = answer.criticality;
  if (answer.vulnerabilities?.counts !== undefined)
    owner.vulnerabilities = answer.vulnerabilities.counts;
  if (answer.awsAccounts !== undefined && answer.awsAccounts.length > 0)
    owner.awsAccounts = answer.awsAccounts;
  return owner;
}

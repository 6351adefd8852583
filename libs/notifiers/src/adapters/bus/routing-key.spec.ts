import { makeFinding } from '../../../test/support/findings';
import { buildRoutingKey, routingWord } from './routing-key';

describe('buildRoutingKey', () => {
  it('joins cluster, priority and team', () => {
    const finding = makeFinding({
      cluster: 'prod-eu-1',
      priority: 'Critical',
      owner: { status: 'known', service: 'api', team: 'payments', matchedBy: 'label' },
    });

    expect(buildRoutingKey(finding)).toBe('prod-eu-1.critical.payments');
  });

  it('uses unknown without an owner', () => {
    expect(buildRoutingKey(makeFinding({ cluster: 'c', priority: 'Notice' }))).toBe(
      'c.notice.unknown',
    );
  });

  it.each([
    ['team.a', 'team_a'],
    ['*', '_'],
    ['#', '_'],
    ['payments core', 'payments_core'],
    ['équipe', '_quipe'],
    ['', 'unknown'],
    ['x'.repeat(100), 'x'.repeat(64)],
  ])('turns %j into %j', (value, word) => {
    expect(routingWord(value)).toBe(word);
  });
});

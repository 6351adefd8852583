import { compileYaml } from './support/filters';
import { makeFinding, type FindingSpec } from './support/findings';

/** Compiles a filter with `match` written as YAML flow text and tests one finding against it. */
function matches(match: string, spec: FindingSpec = {}): boolean {
  const set = compileYaml(
    `filters:\n  - name: f\n    reason: test\n    owner: sec\n    match: ${match}\n`,
  );
  return set.findMatch(makeFinding(spec), Date.now()) !== undefined;
}

describe('operators', () => {
  describe('=', () => {
    it('matches an equal text', () => {
      expect(matches('{ proc.name: bash }')).toBe(true);
      expect(matches('{ proc.name: { "=": bash } }')).toBe(true);
    });

    it('rejects a different text', () => {
      expect(matches('{ proc.name: sh }')).toBe(false);
    });

    it('compares numbers by their text', () => {
      expect(matches('{ proc.tty: 34816 }')).toBe(true);
      expect(matches('{ proc.tty: 0 }')).toBe(false);
    });

    it('compares integers beyond 2^53 exactly', () => {
      expect(matches('{ evt.time: 1741673282123456789 }')).toBe(true);
      expect(matches('{ evt.time: 1741673282123456788 }')).toBe(false);
    });

    it('fails on an absent field', () => {
      expect(matches('{ fd.name: /etc/passwd }')).toBe(false);
    });
  });

  describe('!=', () => {
    it('matches a different value', () => {
      expect(matches('{ proc.name: { "!=": sh } }')).toBe(true);
    });

    it('rejects an equal value', () => {
      expect(matches('{ proc.name: { "!=": bash } }')).toBe(false);
    });

    it('fails on an absent field', () => {
      expect(matches('{ fd.name: { "!=": /etc/passwd } }')).toBe(false);
    });

    it('holds for a list field when no element is equal', () => {
      expect(matches('{ tags: { "!=": network } }')).toBe(true);
      expect(matches('{ tags: { "!=": shell } }')).toBe(false);
    });
  });

  describe('in', () => {
    it('matches a listed value', () => {
      expect(matches('{ proc.name: [sh, bash, zsh] }')).toBe(true);
      expect(matches('{ proc.name: { in: [sh, bash] } }')).toBe(true);
    });

    it('rejects an unlisted value', () => {
      expect(matches('{ proc.name: [sh, zsh] }')).toBe(false);
    });

    it('matches a list field when any element is listed', () => {
      expect(matches('{ tags: [network, shell] }')).toBe(true);
      expect(matches('{ tags: [network, filesystem] }')).toBe(false);
    });
  });

  describe('intersects', () => {
    it('holds when a list field shares an element', () => {
      expect(matches('{ tags: { intersects: [mitre_execution, x] } }')).toBe(true);
      expect(matches('{ tags: { intersects: [x, y] } }')).toBe(false);
    });
  });

  describe('pmatch', () => {
    it('matches a path equal to or below a listed directory', () => {
      expect(
        matches('{ fd.name: { pmatch: [/etc/haproxy] } }', {
          fields: { 'fd.name': '/etc/haproxy/haproxy.cfg' },
        }),
      ).toBe(true);
      expect(
        matches('{ fd.name: { pmatch: [/etc/haproxy] } }', {
          fields: { 'fd.name': '/etc/haproxy' },
        }),
      ).toBe(true);
    });

    it('does not match a sibling that shares the prefix', () => {
      expect(
        matches('{ fd.name: { pmatch: [/etc/haproxy] } }', {
          fields: { 'fd.name': '/etc/haproxy2/x' },
        }),
      ).toBe(false);
    });
  });

  describe('startswith', () => {
    it('matches a prefix', () => {
      expect(matches('{ proc.cmdline: { startswith: "bash " } }')).toBe(true);
    });

    it('matches any of several prefixes', () => {
      expect(matches('{ proc.cmdline: { startswith: [sh, bash] } }')).toBe(true);
      expect(matches('{ proc.cmdline: { startswith: [sh, zsh] } }')).toBe(false);
    });
  });

  describe('endswith', () => {
    it('matches a suffix', () => {
      expect(matches('{ proc.cmdline: { endswith: "-il" } }')).toBe(true);
      expect(matches('{ proc.cmdline: { endswith: "-c" } }')).toBe(false);
    });
  });

  describe('contains', () => {
    it('matches a substring', () => {
      expect(matches('{ container.image.repository: { contains: acme } }')).toBe(true);
      expect(matches('{ container.image.repository: { contains: ACME } }')).toBe(false);
    });
  });

  describe('icontains', () => {
    it('matches a substring in any letter case', () => {
      expect(matches('{ container.image.repository: { icontains: ACME } }')).toBe(true);
      expect(matches('{ container.image.repository: { icontains: globex } }')).toBe(false);
    });
  });

  describe('glob', () => {
    it('matches a glob pattern', () => {
      expect(matches('{ k8s.pod.name: { glob: "payments-api-*-?????" } }')).toBe(true);
      expect(matches('{ k8s.pod.name: { glob: "checkout-*" } }')).toBe(false);
    });

    it('treats alert text as data, never as a pattern', () => {
      const spec = { fields: { 'proc.cmdline': '*' } };

      expect(matches('{ proc.cmdline: { glob: "x*" } }', spec)).toBe(false);
      expect(matches('{ proc.cmdline: "*" }', spec)).toBe(true);
    });
  });

  describe('exists', () => {
    it('holds for a field with a value', () => {
      expect(matches('{ proc.name: { exists: true } }')).toBe(true);
      expect(matches('{ fd.name: { exists: true } }')).toBe(false);
    });

    it('treats null and <NA> as absent', () => {
      expect(matches('{ fd.name: { exists: false } }', { fields: { 'fd.name': null } })).toBe(true);
      expect(matches('{ fd.name: { exists: false } }', { fields: { 'fd.name': '<NA>' } })).toBe(
        true,
      );
      expect(matches('{ fd.name: { exists: false } }', { fields: { 'fd.name': '/etc' } })).toBe(
        false,
      );
    });
  });

  describe('number order', () => {
    it.each([
      ['<', '40000', true],
      ['<', '34816', false],
      ['<=', '34816', true],
      ['>', '34815', true],
      ['>', '34816', false],
      ['>=', '34816', true],
    ])('proc.tty %s %s is %s', (operator, operand, expected) => {
      expect(matches(`{ proc.tty: { "${operator}": ${operand} } }`)).toBe(expected);
    });

    it('fails for a value that is not a number', () => {
      expect(matches('{ proc.name: { ">": 1 } }')).toBe(false);
    });
  });

  describe('priority', () => {
    it('orders priorities by severity', () => {
      expect(matches('{ priority: { ">=": Notice } }', { priority: 'Warning' })).toBe(true);
      expect(matches('{ priority: { ">=": Error } }', { priority: 'Warning' })).toBe(false);
      expect(matches('{ priority: { "<": Warning } }', { priority: 'Notice' })).toBe(true);
      expect(matches('{ priority: { "<=": Notice } }', { priority: 'Critical' })).toBe(false);
    });

    it('matches a range', () => {
      const range = '{ priority: { ">=": Informational, "<=": Notice } }';

      expect(matches(range, { priority: 'Notice' })).toBe(true);
      expect(matches(range, { priority: 'Debug' })).toBe(false);
      expect(matches(range, { priority: 'Warning' })).toBe(false);
    });

    it('compares canonical names in any spelling', () => {
      expect(matches('{ priority: info }', { priority: 'Informational' })).toBe(true);
      expect(matches('{ priority: [WARNING, error] }', { priority: 'warning' })).toBe(true);
    });
  });

  describe('finding fields', () => {
    it('reads rule, source, cluster and hostname', () => {
      expect(matches('{ rule: Terminal shell in container }')).toBe(true);
      expect(matches('{ source: k8s_audit }', { source: 'k8s_audit' })).toBe(true);
      expect(matches('{ cluster: { startswith: prod- } }')).toBe(true);
      expect(matches('{ hostname: { endswith: .compute.internal } }')).toBe(true);
    });

    it('treats an alert without a source as syscall', () => {
      expect(matches('{ source: syscall }')).toBe(true);
    });

    it('reads workload attributes', () => {
      expect(matches('{ workload.name: payments-api, workload.kind: Deployment }')).toBe(true);
      expect(
        matches(
          '{ workload.namespace: payments, workload.imageRepository: ghcr.io/acme/payments-api }',
        ),
      ).toBe(true);
    });

    it('reads owner attributes', () => {
      const owner = {
        status: 'known' as const,
        service: 'payments-api',
        team: 'payments',
        escalationContact: 'pagerduty:payments-primary',
        matchedBy: 'label',
      };

      expect(matches('{ owner.team: payments }', { owner })).toBe(true);
      expect(matches('{ owner.escalationContact: pagerduty:payments-primary }', { owner })).toBe(
        true,
      );
      expect(matches('{ owner.team: payments }')).toBe(false);
      expect(matches('{ owner.status: unknown }')).toBe(true);
    });

    it('reads an output field named like a finding field', () => {
      expect(matches('{ output_fields.cluster: edge }', { fields: { cluster: 'edge' } })).toBe(
        true,
      );
    });

    it('never reads inherited properties of output_fields', () => {
      expect(matches('{ constructor: { exists: true } }')).toBe(false);
    });
  });

  describe('groups', () => {
    it('requires every entry of a mapping', () => {
      expect(matches('{ proc.name: bash, k8s.ns.name: payments }')).toBe(true);
      expect(matches('{ proc.name: bash, k8s.ns.name: checkout }')).toBe(false);
    });

    it('supports and, or and not', () => {
      expect(matches('{ or: [{ proc.name: sh }, { proc.name: bash }] }')).toBe(true);
      expect(matches('{ and: [{ proc.name: bash }, { not: { k8s.ns.name: payments } }] }')).toBe(
        false,
      );
      expect(matches('{ not: { proc.name: sh } }')).toBe(true);
    });
  });
});

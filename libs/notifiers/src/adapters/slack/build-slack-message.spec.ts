import type { Finding } from '@talaria/falco-event';

import { sampleFinding } from '../../../test/support/sample-findings';
import type { MessageBlock, MrkdwnText } from './block-kit';
import {
  FALLBACK_TEXT_LENGTH,
  buildSlackMessage,
  buildSlackThreadReply,
  type SlackMessageContent,
} from './build-slack-message';

/** Checks Slack's Block Kit limits on a whole message, as Slack would reject it otherwise. */
function expectWithinLimits(message: SlackMessageContent): void {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  expect(message.text.length).toBeLessThanOrEqual(FALLBACK_TEXT_LENGTH);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'section') {
      if (block.text !== undefined) {
        expect(block.text.text.length).toBeGreaterThan(0);
        expect(block.text.text.length).toBeLessThanOrEqual(3000);
      }
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
  }
}

function allFields(blocks: MessageBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'section' ? (block.fields ?? []).map((field) => field.text) : [],
  );
}

function sectionTexts(blocks: MessageBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'section' && block.text !== undefined ? [block.text.text] : [],
  );
}

function everyMrkdwn(blocks: MessageBlock[]): MrkdwnText[] {
  return blocks.flatMap((block): MrkdwnText[] => {
    if (block.type === 'section')
      return [...(block.text ? [block.text] : []), ...(block.fields ?? [])];
    if (block.type === 'context') return block.elements;
    return [];
  });
}

describe('buildSlackMessage', () => {
  let shell: Finding;

  beforeEach(() => {
    shell = sampleFinding('Terminal shell in container', 'f-shell-1');
  });

  it('shows priority and rule in the header', () => {
    const message = buildSlackMessage(shell);

    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':large_blue_circle: Notice: Terminal shell in container',
        emoji: true,
      },
    });
    expectWithinLimits(message);
  });

  it('shows where the alert happened', () => {
    const fields = allFields(buildSlackMessage(shell).blocks);

    expect(fields).toContain('*Cluster*\n`prod-eu-1`');
    expect(fields).toContain('*Region*\n`eu-west-1`');
    expect(fields).toContain('*Namespace*\n`haproxy-controller`');
    expect(fields).toContain('*Pod*\n`haproxy-kubernetes-ingress-99bdsc8cf4-hjchq`');
    expect(fields).toContain('*Container*\n`kubernetes-ingress-controller`');
    expect(fields).toContain('*Image*\n`haproxytech/kubernetes-ingress:1.11.3`');
    expect(fields).toContain('*Host*\n`ip-203-0-113-14.ec2.internal`');
    expect(fields).toContain('*Alert time*\n`2025-03-11T11:05:42.190780465Z`');
  });

  it('shows the process and command line', () => {
    const texts = sectionTexts(buildSlackMessage(shell).blocks);

    expect(texts).toContain('*Process* `bash`\n*Command line*\n```bash```');
    expect(
      texts.some((text) => text.startsWith('*Output*\n```11:05:42.190780465: Notice A shell')),
    ).toBe(true);
  });

  it('lists the other output fields of every type', () => {
    const finding = sampleFinding('User mgmt binaries');
    finding.alert.output_fields = {
      ...finding.alert.output_fields,
      'fd.is_server': true,
      'proc.is_exe_upper_layer': false,
    };
    const fields = allFields(buildSlackMessage(finding).blocks);

    expect(fields).toContain('*evt.time*\n`1741676084070622542`');
    expect(fields).toContain('*user.uid*\n`0`');
    expect(fields).toContain('*user.loginuid*\n`1000`');
    expect(fields).toContain('*fd.is_server*\n`true`');
    expect(fields).toContain('*proc.is_exe_upper_layer*\n`false`');
    expect(fields).toContain('*container.image.repository*\n_null_');
    expect(fields).toContain('*proc.pname*\n`bash`');
    expect(fields.some((field) => field.startsWith('*proc.cmdline*'))).toBe(false);
  });

  it('writes bigint fields with every digit', () => {
    const fields = allFields(buildSlackMessage(shell).blocks);

    expect(fields).toContain('*evt.time*\n`1741691142190780465`');
  });

  it('escapes attacker-controlled text everywhere', () => {
    shell.alert.output_fields = {
      ...shell.alert.output_fields,
      'proc.cmdline': 'sh -c "curl <https://evil.example|click> && echo <!channel>"',
      'fd.name': '/tmp/<!here>`whoami`',
    };
    shell.alert.output = 'A shell <!everyone> spawned & <@U024BE7LH> pinged';
    shell.alert.rule = 'Rule <!channel>';
    const message = buildSlackMessage(shell);
    const serialised = JSON.stringify(message);

    expect(serialised).not.toContain('<!channel>');
    expect(serialised).not.toContain('<!here>');
    expect(serialised).not.toContain('<!everyone>');
    expect(serialised).not.toContain('<https://evil');
    expect(serialised).not.toContain('<@U024BE7LH>');
    expect(sectionTexts(message.blocks)).toContain(
      '*Process* `bash`\n*Command line*\n```sh -c "curl &lt;https://evil.example|click&gt; &amp;&amp; echo &lt;!channel&gt;"```',
    );
    expect(allFields(message.blocks)).toContain(
      '*fd.name*\n`/tmp/&lt;!here&gt;\u02cbwhoami\u02cb`',
    );
    expect(message.text).toContain('Rule &lt;!channel&gt;');
    expect(message.text).toContain(
      'A shell &lt;!everyone&gt; spawned &amp; &lt;@U024BE7LH&gt; pinged',
    );
  });

  it('asks Slack not to parse mentions or links in its own text', () => {
    const texts = everyMrkdwn(buildSlackMessage(shell).blocks);

    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(text.verbatim).toBe(true);
  });

  it('shows the owner when known', () => {
    shell.owner = {
      status: 'known',
      team: 'edge-platform',
      service: 'ingress',
      criticality: 'high',
      slackChannel: '#edge-alerts',
      escalationContact: 'pagerduty:edge-primary',
      matchedBy: 'namespace label',
    };
    const fields = allFields(buildSlackMessage(shell).blocks);

    expect(fields).toContain('*Owner team*\n`edge-platform`');
    expect(fields).toContain('*Service*\n`ingress`');
    expect(fields).toContain('*Criticality*\n`high`');
    expect(fields).toContain('*Escalation*\n`pagerduty:edge-primary`');
  });

  it('says why the owner is unknown', () => {
    const context = buildSlackMessage(shell).blocks.at(-1);

    expect(context).toMatchObject({ type: 'context' });
    expect(JSON.stringify(context)).toContain('Owner unknown: `not enriched`');
    expect(JSON.stringify(context)).toContain('Finding `f-shell-1`');
  });

  it('cuts long values with a visible marker', () => {
    shell.alert.rule = `Rule ${'r'.repeat(400)}`;
    shell.alert.output_fields = {
      ...shell.alert.output_fields,
      'proc.cmdline': `python -c ${'A'.repeat(10_000)}`,
      'fd.name': `/tmp/${'b'.repeat(5000)}`,
    };
    shell.alert.output = 'o'.repeat(50_000);
    const message = buildSlackMessage(shell);

    expectWithinLimits(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
    expect((message.blocks[0] as { text: { text: string } }).text.text).toMatch(
      /… \(cut, \d+ more characters\)$/,
    );
    const commandLine = sectionTexts(message.blocks).find((text) =>
      text.includes('*Command line*'),
    );
    expect(commandLine).toMatch(/```… \(cut, \d+ more characters\)$/);
    expect(allFields(message.blocks).find((field) => field.startsWith('*fd.name*'))).toMatch(
      /`… \(cut, \d+ more characters\)$/,
    );
    expect(message.text).toMatch(/… \(cut, \d+ more characters\)$/);
  });

  it('reports the exact number of characters cut', () => {
    shell.alert.output_fields = { ...shell.alert.output_fields, 'fd.name': 'é'.repeat(3000) };
    const field = allFields(buildSlackMessage(shell).blocks).find((text) =>
      text.startsWith('*fd.name*'),
    ) as string;
    const kept = /`(é+)`/.exec(field)?.[1].length ?? 0;
    const cut = Number(/cut, (\d+) more/.exec(field)?.[1]);

    expect(kept + cut).toBe(3000);
  });

  it('stays within 50 blocks with hundreds of fields', () => {
    const fields: Record<string, number> = {};
    for (let index = 0; index < 600; index += 1)
      fields[`custom.field${String(index).padStart(3, '0')}`] = index;
    shell.alert.output_fields = fields;
    const message = buildSlackMessage(shell, { kibanaUrl: 'https://kibana.example/f/{id}' });
    const rendered = allFields(message.blocks);

    expectWithinLimits(message);
    expect(message.blocks).toHaveLength(50);
    expect(rendered.at(-1)).toMatch(/^_… \d+ more fields not shown/);
    const shown = rendered.filter((field) => field.startsWith('*custom.field')).length;
    expect(rendered.at(-1)).toContain(`… ${600 - shown} more fields not shown`);
    expect(message.blocks.at(-1)).toMatchObject({ type: 'context' });
  });

  it('links to the finding in Kibana with the id encoded', () => {
    const finding = sampleFinding('Terminal shell in container', 'f/1 &x');
    const message = buildSlackMessage(finding, {
      kibanaUrl:
        'https://kibana.example/app/discover#/?_g=()&_a=(query:(language:kuery,query:\'id:"{id}"\'))',
    });

    expect(sectionTexts(message.blocks)).toContain(
      '<https://kibana.example/app/discover#/?_g=()&amp;_a=(query:(language:kuery,query:\'id:"f%2F1%20%26x"\'))|Open the finding in Kibana>',
    );
  });

  it('adds no link without a template', () => {
    expect(JSON.stringify(buildSlackMessage(shell))).not.toContain('Kibana');
  });

  it('summarises a coalesced finding', () => {
    shell.coalesced = {
      count: 57,
      firstSeen: '2025-03-11T11:05:42.190Z',
      lastSeen: '2025-03-11T11:10:00.000Z',
    };
    const message = buildSlackMessage(shell);

    expect(sectionTexts(message.blocks)[0]).toBe(
      ':repeat: *Repeated 57 times* from `2025-03-11T11:05:42.190Z` to `2025-03-11T11:10:00.000Z`',
    );
    expect(message.text.startsWith('Repeated 57 times: [Notice] Terminal shell in container')).toBe(
      true,
    );
  });

  it('writes a plain fallback text', () => {
    expect(buildSlackMessage(shell).text).toBe(
      '[Notice] Terminal shell in container in prod-eu-1/haproxy-controller/haproxy-kubernetes-ingress-99bdsc8cf4-hjchq: ' +
        '11:05:42.190780465: Notice A shell was spawned in a container with an attached terminal | evt_type=execve user=root user_uid=0 user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash parent=runc command=bash terminal=34816 exe_flags=EXE_LOWER_LAYER container_id=253f7cbc93a9 container_name=kubernetes-ingress-controller container_image_repository=haproxytech/kubernetes-ingress container_image_tag=1.11.3 k8s_pod_name=haproxy-kubernetes-ingress-99bdsc8cf4-hjchq k8s_ns_name=haproxy-controller',
    );
  });

  it('shows cloud alerts with their account and user', () => {
    const finding = sampleFinding('Delete Group');
    const fields = allFields(buildSlackMessage(finding).blocks);

    expect(fields).toContain('*User*\n`AcmeDeveloper`');
    expect(fields).toContain('*Source*\n`aws_cloudtrail`');
    expect(fields).toContain('*ct.request.groupname*\n`BreakGlass`');
    expect(
      sectionTexts(buildSlackMessage(finding).blocks).some((text) => text.includes('*Process*')),
    ).toBe(false);
  });
});

describe('buildSlackThreadReply', () => {
  it('keeps only the summary, link and ids', () => {
    const finding = sampleFinding('Terminal shell in container', 'f-2');
    finding.coalesced = { count: 3, firstSeen: 'a', lastSeen: 'b' };
    const reply = buildSlackThreadReply(finding, { kibanaUrl: 'https://kibana.example/{id}' });

    expect(reply.blocks.map((block) => block.type)).toEqual(['section', 'section', 'context']);
    expect(sectionTexts(reply.blocks)).toEqual([
      ':repeat: *Repeated 3 times* from `a` to `b`',
      '<https://kibana.example/f-2|Open the finding in Kibana>',
    ]);
    expectWithinLimits(reply);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MALFORMED_BODIES, malformedBodiesFile } from './malformed-bodies';

const SAMPLES = join(__dirname, '../../../../samples');

describe('malformed request bodies', () => {
  it('match the committed file', () => {
    // Regenerate with the samples command when this fails after an intended change.
    expect(readFileSync(join(SAMPLES, 'malformed-events.ndjson'), 'utf8')).toBe(
      malformedBodiesFile(),
    );
  });

  it.each(MALFORMED_BODIES.map((entry, index) => [index + 1, entry.checks, entry] as const))(
    'line %i parses as JSON only when marked so (%s)',
    (_line, _checks, entry) => {
      const parse = () => JSON.parse(entry.body);
      if (entry.parsesAsJson) expect(parse).not.toThrow();
      else expect(parse).toThrow(SyntaxError);
    },
  );

  it('each fit on one line', () => {
    for (const { body } of MALFORMED_BODIES) expect(body).not.toMatch(/[\r\n]/);
  });

  it('are each described in the samples README', () => {
    const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| *(\d+) *\| *(.*?) *\|/gm)].map(([, line, checks]) => [
        Number(line),
        checks,
      ]),
    );
    for (const [index, { checks }] of MALFORMED_BODIES.entries()) {
      expect(rows.get(index + 1)).toBe(checks);
    }
  });
});

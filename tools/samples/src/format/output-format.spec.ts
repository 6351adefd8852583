import { fieldsOf, OutputFormatError, parseOutputFormat, renderOutput } from './output-format';
import type { FieldValue } from './field-value';

describe('parseOutputFormat', () => {
  it('splits text and fields', () => {
    expect(parseOutputFormat('Shell run (user=%user.name pid=%proc.pid)')).toEqual([
      { kind: 'text', text: 'Shell run (user=' },
      { kind: 'field', field: 'user.name', width: 0 },
      { kind: 'text', text: ' pid=' },
      { kind: 'field', field: 'proc.pid', width: 0 },
      { kind: 'text', text: ')' },
    ]);
  });

  it('reads field arguments', () => {
    const tokens = parseOutputFormat(
      'a=%proc.aname[2] v=%jevt.value[/requestObject/spec/volumes] c=%ka.uri.param[command]',
    );
    expect(fieldsOf(tokens)).toEqual([
      'proc.aname[2]',
      'jevt.value[/requestObject/spec/volumes]',
      'ka.uri.param[command]',
    ]);
  });

  it('stops a field at punctuation', () => {
    const tokens = parseOutputFormat(
      "target=%ka.target.name/%ka.target.resource user='%okta.actor.name' end %fd.name.",
    );
    expect(fieldsOf(tokens)).toEqual([
      'ka.target.name',
      'ka.target.resource',
      'okta.actor.name',
      'fd.name',
    ]);
    expect(tokens.at(-1)).toEqual({ kind: 'text', text: '.' });
  });

  it('reads a fixed width', () => {
    expect(parseOutputFormat('%12proc.name')).toEqual([
      { kind: 'field', field: 'proc.name', width: 12 },
    ]);
  });

  it('lists a repeated field once', () => {
    expect(fieldsOf(parseOutputFormat('%fd.name and %fd.name'))).toEqual(['fd.name']);
  });

  it.each([
    ['a lone percent sign', 'usage 100%', 'at character 10'],
    ['a percent sign before a space', 'cpu=% busy', 'at character 5'],
  ])('rejects %s', (_case, format, position) => {
    expect(() => parseOutputFormat(format)).toThrow(OutputFormatError);
    expect(() => parseOutputFormat(format)).toThrow(position);
  });

  it('rejects field transformers', () => {
    expect(() => parseOutputFormat('name=%toupper(proc.name)')).toThrow(
      /transformer "%toupper\(\.\.\.\)"/,
    );
  });
});

describe('renderOutput', () => {
  const tokens = parseOutputFormat(
    'user=%user.name uid=%user.uid images=%ka.req.pod.containers.image ok=%evt.failed t=%evt.rawtime',
  );

  it('renders each value type as Falco does', () => {
    const values = new Map<string, FieldValue>([
      ['user.name', 'root'],
      ['user.uid', 0],
      ['ka.req.pod.containers.image', ['busybox:1.36', 'nginx:1.25']],
      ['evt.failed', false],
      ['evt.rawtime', 1741680842513287004n],
    ]);
    expect(renderOutput(tokens, values)).toBe(
      'user=root uid=0 images=(busybox:1.36,nginx:1.25) ok=false t=1741680842513287004',
    );
  });

  it('renders missing values as <NA>', () => {
    const values = new Map<string, FieldValue>([['user.name', null]]);
    expect(renderOutput(tokens, values)).toBe('user=<NA> uid=<NA> images=<NA> ok=<NA> t=<NA>');
  });

  it('pads and cuts to a fixed width', () => {
    const widthTokens = parseOutputFormat('[%5proc.name]');
    expect(renderOutput(widthTokens, new Map([['proc.name', 'sh']]))).toBe('[sh   ]');
    expect(renderOutput(widthTokens, new Map([['proc.name', 'kubectl']]))).toBe('[kubec]');
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IOC_TYPE_FILTERS } from '../../src/lists/ioc-types.ts';
import { InvalidParameterError } from '../../src/runtime/errors.ts';
import { INTEGRATION_PARAMETERS } from '../../src/runtime/integration-config.ts';
import {
  booleanParameter,
  choiceParameter,
  integerParameter,
  jsonParameter,
  listParameter,
  type ParameterSpec,
  passwordParameter,
  readParameter,
  readParameters,
  splitList,
  textParameter,
} from '../../src/runtime/parameters.ts';

const description = 'test parameter';

const mandatoryText = textParameter('Value', { description, mandatory: true });
const optionalText = textParameter('Comment', { description });
const textWithDefault = textParameter('API Root', {
  description,
  mandatory: true,
  defaultValue: 'https://default.example',
});
const optionalTextWithDefault = textParameter('Label', { description, defaultValue: 'none' });
const secret = passwordParameter('Client Secret', { description, mandatory: true });
const verifySsl = booleanParameter('Verify SSL', { description, defaultValue: true });
const caseInsensitive = booleanParameter('Case Insensitive Search', {
  description,
  defaultValue: false,
});
const maxIocs = integerParameter('Max IOCs To Return', {
  description,
  defaultValue: 100,
  min: 1,
  max: 1000,
});
const senders = listParameter('Sender Email Address', { description });
const iocType = choiceParameter('IOC Type To Return', {
  description,
  choices: IOC_TYPE_FILTERS,
  defaultValue: 'All',
});

const itemSchema = z.object({
  attribute: z.string({ error: 'must be text' }),
  value: z.string({ error: 'must be text' }).min(1, { error: 'must not be empty' }),
});
const item = jsonParameter(
  'Blocklist Item',
  { description, mandatory: true, defaultValue: '{"attribute":"$from","value":"a@b.test"}' },
  z.union([itemSchema, z.array(itemSchema)]),
);
const objectItem = jsonParameter(
  'Allowlist Item',
  { description, mandatory: true, defaultValue: '' },
  itemSchema,
);
const arrayItems = jsonParameter(
  'Items',
  { description, mandatory: true, defaultValue: '' },
  z.array(itemSchema),
);

const CHOICES =
  'All, Recipient Email Address, Sender Email Address, Sender IP Address, Sender Hostname, ' +
  'Sender HELO Domain Name, Message Header From (Address Only)';
const INTEGER_RULE = 'must be an integer from 1 to 1000';

type Row = [label: string, spec: ParameterSpec<unknown>, raw: unknown, expected: unknown];

const good: Row[] = [
  ['mandatory text as given', mandatoryText, 'a@evil.test', 'a@evil.test'],
  ['text trimmed', mandatoryText, '  a@evil.test \t', 'a@evil.test'],
  ['optional text left empty is ""', optionalText, '', ''],
  ['optional text absent is ""', optionalText, undefined, ''],
  ['optional text null is ""', optionalText, null, ''],
  ['blank optional text with a default takes it', optionalTextWithDefault, '   ', 'none'],
  ['absent optional text with a default takes it', optionalTextWithDefault, undefined, 'none'],
  ['a given value wins over the default', textWithDefault, 'https://x.test', 'https://x.test'],
  ['password as given, trimmed', secret, ' s3cret ', 's3cret'],
  ['boolean "true"', verifySsl, 'true', true],
  ['boolean "FALSE"', verifySsl, 'FALSE', false],
  ['boolean " True " trimmed', verifySsl, ' True ', true],
  ['boolean real true', caseInsensitive, true, true],
  ['boolean real false', verifySsl, false, false],
  ['empty boolean takes default true', verifySsl, '', true],
  ['absent boolean takes default false', caseInsensitive, undefined, false],
  ['integer lower bound 1', maxIocs, '1', 1],
  ['integer upper bound 1000', maxIocs, '1000', 1000],
  ['integer trimmed', maxIocs, ' 250 ', 250],
  ['integer as a real number 7', maxIocs, 7, 7],
  ['empty integer takes default 100', maxIocs, '', 100],
  [
    'list trimmed, empties dropped',
    senders,
    ' a@x.test, ,b@x.test,,  c@x.test ',
    ['a@x.test', 'b@x.test', 'c@x.test'],
  ],
  ['list of one', senders, 'a@x.test', ['a@x.test']],
  ['empty list is []', senders, '', []],
  ['list of only commas is []', senders, ' , ,, ', []],
  ['choice in canonical spelling', iocType, 'Sender IP Address', 'Sender IP Address'],
  ['choice ignoring case', iocType, 'sender ip ADDRESS', 'Sender IP Address'],
  ['choice "all" is "All"', iocType, 'all', 'All'],
  ['empty choice takes default', iocType, '', 'All'],
  [
    'JSON object',
    item,
    '{"attribute":"$from","value":"a@b.test"}',
    { attribute: '$from', value: 'a@b.test' },
  ],
  [
    'JSON array',
    item,
    '[{"attribute":"$ip","value":"1.2.3.4"}]',
    [{ attribute: '$ip', value: '1.2.3.4' }],
  ],
  [
    'JSON given as a real object',
    item,
    { attribute: '$host', value: 'h.test' },
    { attribute: '$host', value: 'h.test' },
  ],
];

const bad: Row[] = [
  ['mandatory text empty', mandatoryText, '', 'Parameter "Value" is mandatory but empty'],
  ['mandatory text blank', mandatoryText, '  \t ', 'Parameter "Value" is mandatory but empty'],
  ['mandatory text absent', mandatoryText, undefined, 'Parameter "Value" is mandatory but empty'],
  // A default is what the definition shows; an empty mandatory value is still an error.
  [
    'mandatory text with a default, empty',
    textWithDefault,
    '',
    'Parameter "API Root" is mandatory but empty',
  ],
  ['mandatory password empty', secret, '', 'Parameter "Client Secret" is mandatory but empty'],
  ['boolean "yes"', verifySsl, 'yes', 'Parameter "Verify SSL" must be true or false; got "yes"'],
  [
    'boolean "1"',
    caseInsensitive,
    '1',
    'Parameter "Case Insensitive Search" must be true or false; got "1"',
  ],
  ['boolean real number 0', verifySsl, 0, 'Parameter "Verify SSL" must be true or false; got "0"'],
  ['integer 0', maxIocs, '0', `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "0"`],
  ['integer 1001', maxIocs, '1001', `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "1001"`],
  ['integer -5', maxIocs, '-5', `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "-5"`],
  ['integer "abc"', maxIocs, 'abc', `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "abc"`],
  ['integer "1.5"', maxIocs, '1.5', `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "1.5"`],
  ['integer real 2.5', maxIocs, 2.5, `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "2.5"`],
  [
    'integer "10 items"',
    maxIocs,
    '10 items',
    `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "10 items"`,
  ],
  [
    'choice not offered',
    iocType,
    'Sender Domain',
    `Parameter "IOC Type To Return" must be one of: ${CHOICES}; got "Sender Domain"`,
  ],
  [
    'JSON not JSON',
    item,
    '{"attribute":',
    'Parameter "Blocklist Item" must be valid JSON; got "{\\"attribute\\":"',
  ],
  [
    'JSON plain words',
    item,
    'sender@example.com',
    'Parameter "Blocklist Item" must be valid JSON; got "sender@example.com"',
  ],
  [
    'JSON object failing the schema',
    objectItem,
    '{"attribute":"$from","value":""}',
    'Parameter "Allowlist Item" is invalid at "value": must not be empty; ' +
      'got "{\\"attribute\\":\\"$from\\",\\"value\\":\\"\\"}"',
  ],
  [
    'JSON object missing a field',
    objectItem,
    '{"value":"x"}',
    'Parameter "Allowlist Item" is invalid at "attribute": must be text; ' +
      'got "{\\"value\\":\\"x\\"}"',
  ],
  [
    'JSON array item failing the schema',
    arrayItems,
    '[{"attribute":"$ip","value":"1"},{"attribute":7,"value":"2"}]',
    'Parameter "Items" is invalid at item 2, "attribute": must be text; ' +
      'got "[{\\"attribute\\":\\"$ip\\",\\"value\\":\\"1\\"},' +
      '{\\"attribute\\":7,\\"value\\":\\"2\\"}]"',
  ],
  [
    'a value that is not text at all',
    mandatoryText,
    10n,
    'Parameter "Value" must be text; got "10"',
  ],
];

describe('readParameter', () => {
  it('covers at least 30 good and bad rows', () => {
    expect(good.length + bad.length).toBeGreaterThanOrEqual(30);
  });

  it.each(good)('reads %s', (_label, spec, raw, expected) => {
    expect(readParameter(spec, raw)).toStrictEqual(expected);
  });

  it.each(bad)('rejects %s, naming the parameter and the value', (_label, spec, raw, message) => {
    let thrown: unknown;
    try {
      readParameter(spec, raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidParameterError);
    expect((thrown as InvalidParameterError).message).toBe(message);
    expect((thrown as InvalidParameterError).parameter).toBe(spec.name);
  });

  it('never shows a password value in its message', () => {
    const strict = { ...secret, schema: z.string().min(20, { error: 'must be long' }) };
    expect(() => readParameter(strict, 'short-secret')).toThrow(
      new InvalidParameterError('Client Secret', 'must be long'),
    );
    expect(() => readParameter(strict, 'short-secret')).not.toThrow(/short-secret/);
  });

  it('shortens a long bad value to 200 characters', () => {
    const long = 'x'.repeat(250);
    expect(() => readParameter(maxIocs, long)).toThrow(
      `Parameter "Max IOCs To Return" ${INTEGER_RULE}; got "${'x'.repeat(200)}…"`,
    );
  });
});

describe('parameter definitions', () => {
  it('describe the type, default and choices SecOps shows', () => {
    expect(verifySsl).toMatchObject({ type: 'boolean', mandatory: false, defaultValue: 'true' });
    expect(maxIocs).toMatchObject({ type: 'string', mandatory: false, defaultValue: '100' });
    expect(secret).toMatchObject({ type: 'password', mandatory: true });
    expect(iocType).toMatchObject({ type: 'ddl', defaultValue: 'All', choices: IOC_TYPE_FILTERS });
    expect(mandatoryText.defaultValue).toBeUndefined();
  });

  it('match the integration parameters of the contract', () => {
    const shown = Object.values(INTEGRATION_PARAMETERS).map((spec) => [
      spec.name,
      spec.type,
      spec.mandatory,
      spec.defaultValue,
    ]);
    expect(shown).toStrictEqual([
      ['API Root', 'string', true, 'https://threatprotection-api.proofpoint.com'],
      ['Client ID', 'string', true, undefined],
      ['Client Secret', 'password', true, undefined],
      ['Cluster ID', 'string', true, undefined],
      ['Verify SSL', 'boolean', false, 'true'],
    ]);
  });
});

describe('readParameters', () => {
  const specs = { maxIocs, iocType, senders, verifySsl };

  it('reads every parameter by its display name', () => {
    const values = { 'Max IOCs To Return': '5', 'IOC Type To Return': 'sender hostname' };
    expect(readParameters(specs, values)).toStrictEqual({
      maxIocs: 5,
      iocType: 'Sender Hostname',
      senders: [],
      verifySsl: true,
    });
  });

  it('fails on the first bad parameter', () => {
    expect(() => readParameters(specs, { 'IOC Type To Return': 'nope' })).toThrow(
      `Parameter "IOC Type To Return" must be one of: ${CHOICES}; got "nope"`,
    );
  });
});

describe('splitList', () => {
  it.each([
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['a,,b,', ['a', 'b']],
    ['', []],
    [',', []],
    ['a b', ['a b']],
  ])('splits %j', (text, expected) => {
    expect(splitList(text)).toStrictEqual(expected);
  });
});

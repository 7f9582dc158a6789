import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/create-emulator.ts';
import { callList, entry, getToken, LIST_PATHS, toAnswer } from './emulator-api.ts';

const OTHER_CLUSTER = 'other_hosted';
const BLOCK_OPERATORS = 'equal, not_equal, contain, not_contain, is_in_list';

describe('the list endpoints', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeEach(async () => {
    emulator = await startEmulator({
      clients: [
        { clientId: 'acme', clientSecret: 'acme-secret', clusters: ['acme_hosted', OTHER_CLUSTER] },
        { clientId: 'beta', clientSecret: 'beta-secret', clusters: ['beta_hosted'] },
      ],
    });
    token = await getToken(emulator);
  });

  afterEach(async () => {
    await emulator.stop();
  });

  describe('access', () => {
    it.each([
      ['no Authorization header', undefined],
      ['an unknown token', 'not-a-token'],
    ])('answers 401 with %s', async (_case, bearer) => {
      const answer = await callList(emulator, { list: 'block', token: bearer });

      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ errorMessage: 'Invalid access token' });
    });

    it('answers 401 to a Basic Authorization header', async () => {
      const url = `${emulator.apiRoot}${LIST_PATHS.block}?clusterId=acme_hosted`;
      const response = await fetch(url, { headers: { authorization: `Basic ${token}` } });

      expect((await toAnswer(response)).status).toBe(401);
    });

    it.each([
      ['missing', null],
      ['empty', ''],
    ])('answers 400 when clusterId is %s', async (_case, clusterId) => {
      const answer = await callList(emulator, { list: 'allow', token, clusterId });

      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ errorMessage: 'ClusterId is required.' });
    });

    it('answers 403 for a cluster the client is not entitled to, and changes nothing', async () => {
      const get = await callList(emulator, { list: 'block', token, clusterId: 'beta_hosted' });
      const add = await callList(emulator, {
        list: 'block',
        token,
        clusterId: 'beta_hosted',
        body: { action: 'add', ...entry('a@evil.test') },
      });

      const forbidden = {
        status: 403,
        json: { errorMessage: 'No permission to perform this action.' },
      };
      expect(get).toMatchObject(forbidden);
      expect(add).toMatchObject(forbidden);
      expect(emulator.entries('block', 'beta_hosted')).toEqual([]);
    });

    it('answers 404 for an unknown path and 405 for another method', async () => {
      const unknown = await toAnswer(await fetch(`${emulator.apiRoot}/api/v1/nothing`));
      const put = await toAnswer(
        await fetch(`${emulator.apiRoot}${LIST_PATHS.allow}?clusterId=acme_hosted`, {
          method: 'PUT',
        }),
      );

      expect(unknown).toMatchObject({
        status: 404,
        json: { errorMessage: 'no such resource: GET /api/v1/nothing' },
      });
      expect(put).toMatchObject({
        status: 405,
        json: { errorMessage: 'method PUT is not allowed here' },
      });
      expect(put.headers.get('allow')).toBe('GET, POST');
    });
  });

  describe('GET', () => {
    it('returns the entries in insertion order and omits empty comments', async () => {
      await emulator.setEntries('block', [
        entry('z@evil.test', { comment: 'last letter first' }),
        entry('a@evil.test'),
        { attribute: '$ip', operator: 'not_equal', value: '10.0.0.1', comment: '' },
      ]);

      const answer = await callList(emulator, { list: 'block', token });

      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        entries: [
          {
            attribute: '$from',
            operator: 'equal',
            value: 'z@evil.test',
            comment: 'last letter first',
          },
          { attribute: '$from', operator: 'equal', value: 'a@evil.test' },
          { attribute: '$ip', operator: 'not_equal', value: '10.0.0.1' },
        ],
      });
    });

    it('keeps the lists of each cluster and each list apart', async () => {
      await emulator.setEntries('block', [entry('block@acme.test')]);
      await emulator.setEntries('allow', [entry('allow@other.test')], OTHER_CLUSTER);

      const acmeAllow = await callList(emulator, { list: 'allow', token });
      const otherAllow = await callList(emulator, {
        list: 'allow',
        token,
        clusterId: OTHER_CLUSTER,
      });
      const otherBlock = await callList(emulator, {
        list: 'block',
        token,
        clusterId: OTHER_CLUSTER,
      });

      expect(acmeAllow.json).toEqual({ entries: [] });
      expect(otherAllow.json).toEqual({ entries: [entry('allow@other.test')] });
      expect(otherBlock.json).toEqual({ entries: [] });
    });
  });

  describe('POST add', () => {
    it('adds an entry and answers 200 {}', async () => {
      const body = { action: 'add', ...entry('a@evil.test', { comment: 'phish' }) };
      const answer = await callList(emulator, { list: 'block', token, body });

      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({});
      expect(emulator.entries('block')).toEqual([entry('a@evil.test', { comment: 'phish' })]);
      expect(emulator.entries('allow')).toEqual([]);
    });

    it('stores a missing or null comment as empty', async () => {
      await callList(emulator, {
        list: 'allow',
        token,
        body: { action: 'add', ...entry('a@x.test') },
      });
      const nullComment = { action: 'add', ...entry('b@x.test', { comment: null }) };
      await callList(emulator, { list: 'allow', token, body: nullComment });

      expect(emulator.entries('allow')).toEqual([
        entry('a@x.test', { comment: '' }),
        entry('b@x.test', { comment: '' }),
      ]);
    });

    it('answers the duplicate error for an existing triple, whatever the comment', async () => {
      await emulator.setEntries('block', [entry('a@evil.test', { comment: 'first' })]);

      const body = { action: 'add', ...entry('a@evil.test', { comment: 'second' }) };
      const answer = await callList(emulator, { list: 'block', token, body });

      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        errorMessage: 'error.api.emailprotection.lists.samelist.duplicate.entry',
      });
      expect(emulator.entries('block')).toEqual([entry('a@evil.test', { comment: 'first' })]);
    });

    it('treats triples differing in case or operator as different entries', async () => {
      await emulator.setEntries('block', [entry('a@evil.test')]);

      const upper = { action: 'add', ...entry('A@evil.test') };
      const contain = { action: 'add', ...entry('a@evil.test', { operator: 'contain' }) };
      expect((await callList(emulator, { list: 'block', token, body: upper })).status).toBe(200);
      expect((await callList(emulator, { list: 'block', token, body: contain })).status).toBe(200);

      expect(emulator.entries('block').map((stored) => [stored.operator, stored.value])).toEqual([
        ['equal', 'a@evil.test'],
        ['equal', 'A@evil.test'],
        ['contain', 'a@evil.test'],
      ]);
    });

    it.each(['equal', 'contain', 'is_in_list'])(
      'accepts %s on the allow list',
      async (operator) => {
        const body = { action: 'add', ...entry('a@good.test', { operator }) };
        const answer = await callList(emulator, { list: 'allow', token, body });

        expect(answer.status).toBe(200);
        expect(emulator.entries('allow')).toEqual([
          entry('a@good.test', { operator, comment: '' }),
        ]);
      },
    );

    it.each(['not_equal', 'not_contain'])('refuses %s on the allow list', async (operator) => {
      const body = { action: 'add', ...entry('a@good.test', { operator }) };
      const answer = await callList(emulator, { list: 'allow', token, body });

      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({
        errorMessage: 'operator must be one of equal, contain, is_in_list on the safe list',
      });
      expect(emulator.entries('allow')).toEqual([]);
    });

    it.each(['equal', 'not_equal', 'contain', 'not_contain', 'is_in_list'])(
      'accepts %s on the block list',
      async (operator) => {
        const body = { action: 'add', ...entry('a@evil.test', { operator }) };

        expect((await callList(emulator, { list: 'block', token, body })).status).toBe(200);
      },
    );

    it.each(['$from', '$hfrom', '$ip', '$host', '$helo', '$rcpt'])(
      'accepts the attribute %s',
      async (attribute) => {
        const body = { action: 'add', ...entry('x', { attribute }) };

        expect((await callList(emulator, { list: 'block', token, body })).status).toBe(200);
      },
    );

    it('refuses an operator the block list does not know', async () => {
      const body = { action: 'add', ...entry('a@evil.test', { operator: 'matches' }) };
      const answer = await callList(emulator, { list: 'block', token, body });

      expect(answer.json).toEqual({
        errorMessage: `operator must be one of ${BLOCK_OPERATORS} on the block list`,
      });
    });

    it('accepts a comment of 150 characters and refuses one of 151', async () => {
      const fits = { action: 'add', ...entry('a@evil.test', { comment: 'c'.repeat(150) }) };
      const tooLong = { action: 'add', ...entry('b@evil.test', { comment: 'c'.repeat(151) }) };

      const accepted = await callList(emulator, { list: 'block', token, body: fits });
      const refused = await callList(emulator, { list: 'block', token, body: tooLong });

      expect(accepted.status).toBe(200);
      expect(refused).toMatchObject({
        status: 400,
        json: { errorMessage: 'comment must be at most 150 characters' },
      });
      expect(emulator.entries('block').map((stored) => stored.value)).toEqual(['a@evil.test']);
    });
  });

  describe('POST validation', () => {
    it.each([
      [
        'a bad attribute',
        { action: 'add', ...entry('x', { attribute: 'from' }) },
        'attribute must be one of $from, $hfrom, $ip, $host, $helo, $rcpt',
      ],
      [
        'a missing attribute',
        { action: 'add', operator: 'equal', value: 'x' },
        'attribute must be one of $from, $hfrom, $ip, $host, $helo, $rcpt',
      ],
      ['a bad action', { action: 'update', ...entry('x') }, 'action must be "add" or "delete"'],
      ['a missing action', entry('x'), 'action must be "add" or "delete"'],
      ['an empty value', { action: 'add', ...entry('') }, 'value must be a non-empty string'],
      ['a blank value', { action: 'add', ...entry('  ') }, 'value must be a non-empty string'],
      [
        'a numeric value',
        { action: 'add', ...entry('x', { value: 42 }) },
        'value must be a non-empty string',
      ],
      [
        'a numeric comment',
        { action: 'add', ...entry('x', { comment: 7 }) },
        'comment must be a string',
      ],
      [
        'a missing operator',
        { action: 'add', attribute: '$ip', value: 'x' },
        'operator must be a string',
      ],
      [
        'an array body',
        [{ action: 'add', ...entry('x') }],
        'the request body must be a JSON object',
      ],
    ])('answers 400 for %s', async (_case, body, errorMessage) => {
      const answer = await callList(emulator, { list: 'block', token, body });

      expect(answer).toMatchObject({ status: 400, json: { errorMessage } });
      expect(emulator.entries('block')).toEqual([]);
    });

    it('answers 400 for a body that is not JSON', async () => {
      const url = `${emulator.apiRoot}${LIST_PATHS.block}?clusterId=acme_hosted`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"action":',
      });

      expect(await toAnswer(response)).toMatchObject({
        status: 400,
        json: { errorMessage: 'the request body must be a JSON object' },
      });
    });
  });

  describe('POST delete', () => {
    beforeEach(async () => {
      await emulator.setEntries('block', [
        entry('a@evil.test', { comment: 'keep order' }),
        entry('b@evil.test'),
        entry('c@evil.test'),
      ]);
    });

    it('deletes the exact triple, ignoring the comment, and answers 200 {}', async () => {
      const body = { action: 'delete', ...entry('b@evil.test', { comment: 'not the stored one' }) };
      const answer = await callList(emulator, { list: 'block', token, body });

      expect(answer).toMatchObject({ status: 200, json: {} });
      expect(emulator.entries('block').map((stored) => stored.value)).toEqual([
        'a@evil.test',
        'c@evil.test',
      ]);
    });

    it.each([
      ['a value not in the list', entry('z@evil.test')],
      ['a value in another case', entry('B@evil.test')],
      ['another operator', entry('b@evil.test', { operator: 'contain' })],
      ['another attribute', entry('b@evil.test', { attribute: '$hfrom' })],
    ])('answers 404 for %s and changes nothing', async (_case, triple) => {
      const answer = await callList(emulator, {
        list: 'block',
        token,
        body: { action: 'delete', ...triple },
      });

      expect(answer).toMatchObject({
        status: 404,
        json: { errorMessage: 'error.api.emailprotection.lists.entry.not.found' },
      });
      expect(emulator.entries('block')).toHaveLength(3);
    });

    it('answers 404 on the other list', async () => {
      const body = { action: 'delete', ...entry('a@evil.test') };

      expect((await callList(emulator, { list: 'allow', token, body })).status).toBe(404);
    });

    it('puts a deleted then re-added entry at the end', async () => {
      await callList(emulator, {
        list: 'block',
        token,
        body: { action: 'delete', ...entry('a@evil.test') },
      });
      await callList(emulator, {
        list: 'block',
        token,
        body: { action: 'add', ...entry('a@evil.test') },
      });

      expect(emulator.entries('block').map((stored) => stored.value)).toEqual([
        'b@evil.test',
        'c@evil.test',
        'a@evil.test',
      ]);
    });
  });

  it('refuses to seed a list that repeats a triple, leaving the list as it was', async () => {
    await emulator.setEntries('block', [entry('kept@evil.test')]);

    await expect(
      emulator.setEntries('block', [entry('a'), entry('b'), entry('a')]),
    ).rejects.toThrow('duplicate entry ["$from","equal","a"]');
    expect(emulator.entries('block')).toEqual([entry('kept@evil.test', { comment: '' })]);
  });
});

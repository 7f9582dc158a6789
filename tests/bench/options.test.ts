import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../bench/lib/options.ts';
import { UsageError } from '../../tools/lib/command-line.ts';

const REPO = '/repo';

describe('parseBenchArgs', () => {
  it('measures every scenario five times over the built scripts when given no option', () => {
    expect(parseBenchArgs([], REPO)).toEqual({
      kind: 'run',
      options: {
        rounds: 5,
        startupRounds: 11,
        concurrencies: [1, 2, 5, 6, 7, 10, 20],
        only: new Set(['startup', 'profile', 'bulk', 'limit', 'large']),
        actionsDir: '/repo/dist/actions',
        outFile: '/repo/bench/results/latest.json',
        rss: undefined,
      },
    });
  });

  it('reads every option, always adding concurrency 1 and the default', () => {
    const command = parseBenchArgs(
      [
        '--rounds=7',
        '--startup-rounds',
        '21',
        '--only',
        'bulk, limit',
        '--concurrencies',
        '12,3',
        '--actions',
        'candidate/actions',
        '--out',
        '/tmp/figures.json',
        '--rss',
        'proc-vmhwm',
      ],
      REPO,
    );

    expect(command).toEqual({
      kind: 'run',
      options: {
        rounds: 7,
        startupRounds: 21,
        concurrencies: [1, 3, 6, 12],
        only: new Set(['bulk', 'limit']),
        actionsDir: path.resolve('candidate/actions'),
        outFile: '/tmp/figures.json',
        rss: 'proc-vmhwm',
      },
    });
  });

  it.each([['--help'], ['-h']])('asks for help on %s', (flag) => {
    expect(parseBenchArgs(['--rounds', '1', flag], REPO)).toEqual({ kind: 'help' });
  });

  it.each([
    [['--rounds', '4'], '--rounds must be a whole number, 5-101, got "4"'],
    [['--startup-rounds', '102'], '--startup-rounds must be a whole number, 5-101, got "102"'],
    [['--rounds', '5.5'], '--rounds must be a whole number, 5-101, got "5.5"'],
    [['--only', 'startup,warp'], '--only takes startup, profile, bulk, limit, large, got "warp"'],
    [['--concurrencies', '6,0'], '--concurrencies must be a whole number, 1-50, got "0"'],
    [['--concurrencies', '51'], '--concurrencies must be a whole number, 1-50, got "51"'],
    [['--rss', 'ps'], '--rss takes auto, gnu-time or proc-vmhwm, got "ps"'],
    [['--frob'], "Unknown option '--frob'"],
    [['extra'], "Unexpected argument 'extra'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseBenchArgs(args, REPO)).toThrow(UsageError);
    expect(() => parseBenchArgs(args, REPO)).toThrow(message);
  });
});

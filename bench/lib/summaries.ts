/** Figures and the trade-off table from the samples of scenarios 2 to 4. */
import { DEFAULT_CONCURRENCY } from '../../src/operations/bulk-queue.ts';
import { BULK_LATENCY_MS, BULK_VALUES, type BulkSamples, bulkFloorMs } from './bulk-add.ts';
import { type Figure, makeFigure } from './figures.ts';
import { GET_MAX, LARGE_LIST_SIZE, type LargeSamples, REMOVE_COUNT } from './large-list.ts';
import { LIMITED_IDEAL_MS, LIMITED_VALUES, type RateLimitSamples } from './rate-limit.ts';
import { median } from './stats.ts';

/** The actions' own default, so the figures follow it when it changes. */
export { DEFAULT_CONCURRENCY };

const BULK_TARGET_RATIO = 1.25;
const SERIAL_SPEEDUP_TARGET = 5;
const LIMITED_TARGET_RATIO = 1.3;
const RATE_LIMITED_SHARE_TARGET = 10;
const LARGE_TARGET_RATIO = 2;
const PEAK_RSS_TARGET_MB = 150;

export interface TradeOffRow {
  concurrency: number;
  bulkMedianMs: number;
  bulkFloorMs: number;
  bulkRatio: number;
  /** Concurrency 1's median over this one's. */
  speedUpOverSerial: number;
  limitedMedianMs: number;
  /** Medians over the runs of the rate-limit scenario. */
  limitedRateLimited: number;
  limitedListRequests: number;
  limitedRateLimitedPercent: number;
  failures: string[];
}

export function bulkFigures(bulk: BulkSamples, bareMedianMs: number): Figure[] {
  const section = `2. Bulk add: ${BULK_VALUES} values, API latency ${BULK_LATENCY_MS} ms`;
  const ours = bulk.byConcurrency.get(DEFAULT_CONCURRENCY) ?? [];
  const serial = bulk.byConcurrency.get(1) ?? [];
  const failures = [
    ...(bulk.failures.get('bare') ?? []),
    ...(bulk.failures.get(DEFAULT_CONCURRENCY) ?? []),
  ];

  return [
    makeFigure({
      section,
      name: `Add IOC, concurrency ${DEFAULT_CONCURRENCY} (default)`,
      unit: 'ms',
      samples: ours,
      baseline: {
        name: `bare + ${Math.ceil(BULK_VALUES / DEFAULT_CONCURRENCY)} × ${BULK_LATENCY_MS} ms`,
        median: bulkFloorMs(bareMedianMs, DEFAULT_CONCURRENCY),
        unit: 'ms',
      },
      target: (_, ratio) => ({
        text: `≤ ${BULK_TARGET_RATIO}× floor`,
        pass: ratio !== undefined && ratio <= BULK_TARGET_RATIO,
      }),
      failures,
    }),
    makeFigure({
      section,
      name: 'Speed-up over serial (concurrency 1)',
      unit: 'ms',
      samples: serial,
      baseline: { name: 'the default above', median: median(ours), unit: 'ms' },
      target: (_, ratio) => ({
        text: `≥ ${SERIAL_SPEEDUP_TARGET}× faster`,
        pass: ratio !== undefined && ratio >= SERIAL_SPEEDUP_TARGET,
      }),
      failures: [...failures, ...(bulk.failures.get(1) ?? [])],
    }),
  ];
}

export function rateLimitFigures(limited: RateLimitSamples): Figure[] {
  const section = `3. Under a rate limit: ${LIMITED_VALUES} values at 20 requests/s`;
  const runs = limited.byConcurrency.get(DEFAULT_CONCURRENCY) ?? [];
  const failures = limited.failures.get(DEFAULT_CONCURRENCY) ?? [];
  const lost = limited.lostValues.get(DEFAULT_CONCURRENCY) ?? [];

  return [
    makeFigure({
      section,
      name: `Add IOC, concurrency ${DEFAULT_CONCURRENCY} (default)`,
      unit: 'ms',
      samples: runs.map((run) => run.wallMs),
      baseline: { name: '60 at 20/s', median: LIMITED_IDEAL_MS, unit: 'ms' },
      target: (_, ratio) => ({
        text: `≤ ${LIMITED_TARGET_RATIO}× 3 s`,
        pass: ratio !== undefined && ratio <= LIMITED_TARGET_RATIO,
      }),
      failures,
    }),
    makeFigure({
      section,
      name: 'Values lost (not added, or not on the list)',
      unit: 'count',
      samples: lost,
      target: () => ({ text: '0 in every run', pass: lost.every((count) => count === 0) }),
    }),
    makeFigure({
      section,
      name: 'List requests answered 429',
      unit: '%',
      samples: runs.map((run) => (100 * run.rateLimited) / Math.max(1, run.listRequests)),
      target: (value) => ({
        text: `< ${RATE_LIMITED_SHARE_TARGET} %`,
        pass: value < RATE_LIMITED_SHARE_TARGET,
      }),
      failures,
    }),
  ];
}

export function largeListFigures(large: LargeSamples): Figure[] {
  const section = `4. Large list: ${LARGE_LIST_SIZE.toLocaleString('en')} entries`;
  const wall = (command: 'bare' | 'get' | 'remove') => large.wallMs.get(command) ?? [];
  const rss = (command: 'bare' | 'get' | 'remove') => large.peakRssMb.get(command) ?? [];
  const failed = (command: 'bare' | 'get' | 'remove') => large.failures.get(command) ?? [];
  const bare = { name: 'bare read + parse', median: median(wall('bare')), unit: 'ms' as const };
  const bareRss = { name: 'bare read + parse', median: median(rss('bare')), unit: 'MB' as const };
  const timeTarget = (_: number, ratio: number | undefined) => ({
    text: `≤ ${LARGE_TARGET_RATIO}× bare`,
    pass: ratio !== undefined && ratio <= LARGE_TARGET_RATIO,
  });
  const rssTarget = (value: number) => ({
    text: `≤ ${PEAK_RSS_TARGET_MB} MB`,
    pass: value <= PEAK_RSS_TARGET_MB,
  });
  const getName = `Get Block List Entries (1 type, max ${GET_MAX})`;
  const removeName = `Remove ${REMOVE_COUNT} values, ignoring case`;

  return [
    makeFigure({
      section,
      name: getName,
      unit: 'ms',
      samples: wall('get'),
      baseline: bare,
      target: timeTarget,
      failures: [...failed('get'), ...failed('bare')],
    }),
    makeFigure({
      section,
      name: removeName,
      unit: 'ms',
      samples: wall('remove'),
      baseline: bare,
      target: timeTarget,
      failures: [...failed('remove'), ...failed('bare')],
    }),
    makeFigure({
      section,
      name: `${getName}, peak RSS`,
      unit: 'MB',
      samples: rss('get'),
      baseline: bareRss,
      target: rssTarget,
      failures: failed('get'),
    }),
    makeFigure({
      section,
      name: `${removeName}, peak RSS`,
      unit: 'MB',
      samples: rss('remove'),
      baseline: bareRss,
      target: rssTarget,
      failures: failed('remove'),
    }),
  ];
}

export function tradeOffs(
  bulk: BulkSamples,
  limited: RateLimitSamples,
  bareMedianMs: number,
): TradeOffRow[] {
  const serialMs = median(bulk.byConcurrency.get(1) ?? []);
  return [...bulk.byConcurrency.keys()].map((concurrency) => {
    const bulkMs = median(bulk.byConcurrency.get(concurrency) ?? []);
    const floorMs = bulkFloorMs(bareMedianMs, concurrency);
    const runs = limited.byConcurrency.get(concurrency) ?? [];
    return {
      concurrency,
      bulkMedianMs: bulkMs,
      bulkFloorMs: floorMs,
      bulkRatio: bulkMs / floorMs,
      speedUpOverSerial: serialMs / bulkMs,
      limitedMedianMs: median(runs.map((run) => run.wallMs)),
      limitedRateLimited: median(runs.map((run) => run.rateLimited)),
      limitedListRequests: median(runs.map((run) => run.listRequests)),
      limitedRateLimitedPercent: median(
        runs.map((run) => (100 * run.rateLimited) / Math.max(1, run.listRequests)),
      ),
      failures: [
        ...(bulk.failures.get(concurrency) ?? []),
        ...(limited.failures.get(concurrency) ?? []),
      ],
    };
  });
}

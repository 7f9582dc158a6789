/** The printed tables and the JSON file of a bench run. */
import { type Figure, formatValue } from './figures.ts';
import type { ProfileResult } from './profile.ts';
import type { BreakdownRow } from './startup.ts';
import type { TradeOffRow } from './summaries.ts';

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function figuresTable(figures: readonly Figure[]): string {
  const rows: string[][] = [];
  let section = '';
  for (const figure of figures) {
    if (figure.section !== section) {
      section = figure.section;
      rows.push([`**${section}**`, '', '', '', '', '', '']);
    }
    rows.push([
      figure.name,
      formatValue(figure.median, figure.unit),
      figure.samples.length < 2
        ? ''
        : `${formatValue(figure.min, figure.unit)} – ${formatValue(figure.max, figure.unit)}`,
      figure.baseline === undefined
        ? ''
        : `${formatValue(figure.baseline.median, figure.baseline.unit)} (${figure.baseline.name})`,
      figure.ratio === undefined ? '' : formatValue(figure.ratio, 'x'),
      figure.target?.text ?? '',
      resultOf(figure),
    ]);
  }
  const header = ['Figure', 'Median', 'Range', 'Floor / baseline', 'Ratio', 'Target', 'Result'];
  return table(header, rows);
}

export function resultOf(figure: Figure): string {
  if (figure.target === undefined) return figure.failures.length > 0 ? 'ERROR' : '';
  return figure.target.pass ? 'PASS' : 'MISS';
}

export function tradeOffTable(rows: readonly TradeOffRow[]): string {
  return table(
    [
      'Concurrency',
      'Add 200 (25 ms)',
      'Floor',
      'Ratio',
      'vs serial',
      'Add 60 (20 req/s)',
      '429s / list requests',
      '429 share',
    ],
    rows.map((row) => [
      String(row.concurrency),
      formatValue(row.bulkMedianMs, 'ms'),
      formatValue(row.bulkFloorMs, 'ms'),
      formatValue(row.bulkRatio, 'x'),
      formatValue(row.speedUpOverSerial, 'x'),
      formatValue(row.limitedMedianMs, 'ms'),
      `${formatValue(row.limitedRateLimited, 'count')} / ` +
        formatValue(row.limitedListRequests, 'count'),
      formatValue(row.limitedRateLimitedPercent, '%') +
        (row.failures.length > 0 ? ` (${row.failures.length} runs failed)` : ''),
    ]),
  );
}

export function breakdownTable(
  rows: readonly BreakdownRow[],
  medians: Readonly<Record<string, number>>,
): string {
  const at = (id: string) => medians[id] ?? Number.NaN;
  const empty = at('probe:empty');
  const bare = at('bare');
  const lines: string[][] = [
    ['bare node:http script', formatValue(bare, 'ms'), plus(bare - empty, 'empty'), '1.00×'],
    [
      'Ping',
      formatValue(at('ping'), 'ms'),
      plus(at('ping') - empty, 'empty'),
      times(at('ping'), bare),
    ],
    ['python urllib script', formatValue(at('python'), 'ms'), '', times(at('python'), bare)],
    ...rows.map((row) => [
      row.kind === 'dependency' ? `${row.name} alone` : row.name,
      formatValue(row.medianMs, 'ms'),
      row.name === 'empty' ? '' : plus(row.deltaMs, row.kind === 'variant' ? 'Ping' : 'empty'),
      formatValue(row.ratioToBare, 'x'),
    ]),
  ];
  return table(['Script', 'Median', 'Difference', 'vs bare'], lines);
}

function plus(deltaMs: number, over: string): string {
  const sign = deltaMs >= 0 ? '+' : '−';
  return `${sign}${formatValue(Math.abs(deltaMs), 'ms')} over ${over}`;
}

function times(value: number, bare: number): string {
  return formatValue(value / bare, 'x');
}

export function profileTable(profile: ProfileResult, top: number): string {
  const rows = profile.shares
    .slice(0, top)
    .map((share) => [
      share.name,
      formatValue(share.medianMs, 'ms'),
      formatValue((100 * share.medianMs) / profile.medianTotalMs, '%'),
    ]);
  return table(['Where the time goes (Ping, --cpu-prof)', 'Median', 'Share'], rows);
}

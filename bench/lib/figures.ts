/** A figure of the report: its samples, their median, what it is compared with, and its target. */
import { median, spread } from './stats.ts';

export type Unit = 'ms' | 'MB' | '%' | 'count' | 'x';

export interface Baseline {
  name: string;
  median: number;
  unit: Unit;
}

export interface Target {
  /** E.g. `≤ 1.5× bare`. */
  text: string;
  pass: boolean;
}

export interface Figure {
  section: string;
  name: string;
  unit: Unit;
  samples: number[];
  median: number;
  min: number;
  max: number;
  baseline: Baseline | undefined;
  /** The median over the baseline's median, or as the target defines it. */
  ratio: number | undefined;
  target: Target | undefined;
  /** Runs that did not count, and why; any makes the figure a MISS. */
  failures: string[];
}

export interface FigureInput {
  section: string;
  name: string;
  unit: Unit;
  samples: readonly number[];
  baseline?: Baseline;
  ratio?: number;
  target?: (medianValue: number, ratio: number | undefined) => Target;
  failures?: readonly string[];
}

export function makeFigure(input: FigureInput): Figure {
  const samples = [...input.samples];
  const value = median(samples);
  const { min, max } = spread(samples);
  const ratio =
    input.ratio ?? (input.baseline === undefined ? undefined : value / input.baseline.median);
  const failures = [...(input.failures ?? [])];
  const target = input.target?.(value, ratio);

  return {
    section: input.section,
    name: input.name,
    unit: input.unit,
    samples,
    median: value,
    min,
    max,
    baseline: input.baseline,
    ratio,
    target:
      target === undefined
        ? undefined
        : { text: target.text, pass: target.pass && failures.length === 0 && samples.length > 0 },
    failures,
  };
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
    case 'MB':
      return `${value.toFixed(1)} MB`;
    case '%':
      return `${value.toFixed(1)} %`;
    case 'x':
      return `${value.toFixed(2)}×`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

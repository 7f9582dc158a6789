/** Small statistics over a figure's samples. */

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;

  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;

  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

export function spread(samples: readonly number[]): { min: number; max: number } {
  if (samples.length === 0) return { min: Number.NaN, max: Number.NaN };

  return { min: Math.min(...samples), max: Math.max(...samples) };
}

/** `order` rotated by `round`, so no command always runs first (or right after another). */
export function rotate<T>(order: readonly T[], round: number): T[] {
  if (order.length === 0) return [];

  const shift = round % order.length;
  return [...order.slice(shift), ...order.slice(0, shift)];
}

/** Where two JSON values first differ, so a mismatch names the field instead of the whole file. */

/** The path of the first difference (`parameters[2].default_value`), or undefined if equal. */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return arrayDifference(actual, expected, path);
  }
  if (isRecord(actual) && isRecord(expected)) return recordDifference(actual, expected, path);
  return Object.is(actual, expected) ? undefined : path || '(root)';
}

export function describeDifference(actual: unknown, expected: unknown): string | undefined {
  const path = firstDifference(actual, expected);
  return path === undefined ? undefined : `differs at ${path}`;
}

function arrayDifference(
  actual: readonly unknown[],
  expected: readonly unknown[],
  path: string,
): string | undefined {
  const length = Math.max(actual.length, expected.length);
  for (let index = 0; index < length; index += 1) {
    const difference = firstDifference(actual[index], expected[index], `${path}[${index}]`);
    if (difference !== undefined) return difference;
  }
  return undefined;
}

function recordDifference(
  actual: Record<string, unknown>,
  expected: Record<string, unknown>,
  path: string,
): string | undefined {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    const child = path === '' ? key : `${path}.${key}`;
    if (Object.hasOwn(actual, key) !== Object.hasOwn(expected, key)) return child;
    const difference = firstDifference(actual[key], expected[key], child);
    if (difference !== undefined) return difference;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

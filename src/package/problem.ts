/** One broken rule found by the package validator: which rule, where, and what is wrong. */
export interface Problem {
  readonly rule: string;
  readonly where: string;
  readonly message: string;
}

export function problem(rule: string, where: string, message: string): Problem {
  return { rule, where, message };
}

export function formatProblem({ rule, where, message }: Problem): string {
  return `[${rule}] ${where}: ${message}`;
}

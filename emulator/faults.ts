/** Faults a test or benchmark turns on at any time: latency, injected errors, dropped sockets. */
import { STATUS_CODES } from 'node:http';
import { RATE_LIMIT_MESSAGE } from './rate-limiter.ts';

/** Which requests a fault hits: the token endpoint, the two list endpoints, or any request. */
export type FaultTarget = 'token' | 'lists' | 'any';

export interface FaultOptions {
  /** Default `'any'`. */
  on?: FaultTarget;
  /** Only requests with this method; default any method. */
  method?: string;
}

export interface FailOptions extends FaultOptions {
  /** Default: `Rate limit exceeded` for 429, otherwise the status's reason phrase. */
  errorMessage?: string;
}

export interface FaultRequest {
  endpoint: 'token' | 'lists' | 'other';
  method: string;
}

export interface InjectedFailure {
  status: number;
  errorMessage: string;
}

interface Rule {
  remaining: number;
  on: FaultTarget;
  method: string | undefined;
}

export class FaultControls {
  #latencyMs = 0;
  readonly #failures: (Rule & InjectedFailure)[] = [];
  readonly #drops: Rule[] = [];

  constructor(latencyMs = 0) {
    this.setLatency(latencyMs);
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  setLatency(latencyMs: number): void {
    assertCount('latencyMs', latencyMs, 0);
    this.#latencyMs = latencyMs;
  }

  /** Queued after any earlier failNext; each request takes from the first rule it matches. */
  failNext(count: number, status: number, options: FailOptions = {}): void {
    assertCount('count', count, 1);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`status must be an integer from 400 to 599, got ${status}`);
    }

    const errorMessage = options.errorMessage ?? defaultMessage(status);
    this.#failures.push({ ...toRule(count, options), status, errorMessage });
  }

  dropNext(count: number, options: FaultOptions = {}): void {
    assertCount('count', count, 1);
    this.#drops.push(toRule(count, options));
  }

  /** Clears every queued failure and drop, and the latency. */
  reset(): void {
    this.#latencyMs = 0;
    this.#failures.length = 0;
    this.#drops.length = 0;
  }

  takeDrop(request: FaultRequest): boolean {
    return takeRule(this.#drops, request) !== undefined;
  }

  takeFailure(request: FaultRequest): InjectedFailure | undefined {
    const rule = takeRule(this.#failures, request);
    return rule === undefined
      ? undefined
      : { status: rule.status, errorMessage: rule.errorMessage };
  }
}

function toRule(count: number, { on = 'any', method }: FaultOptions): Rule {
  return { remaining: count, on, method: method?.toUpperCase() };
}

function takeRule<T extends Rule>(rules: T[], request: FaultRequest): T | undefined {
  const index = rules.findIndex((rule) => matches(rule, request));
  const rule = rules[index];
  if (rule === undefined) return undefined;

  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(index, 1);
  return rule;
}

function matches(rule: Rule, { endpoint, method }: FaultRequest): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;

  return rule.on === 'any' || rule.on === endpoint;
}

function defaultMessage(status: number): string {
  return status === 429 ? RATE_LIMIT_MESSAGE : (STATUS_CODES[status] ?? `HTTP ${status}`);
}

function assertCount(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer of at least ${minimum}, got ${value}`);
  }
}

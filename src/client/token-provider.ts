/**
 * OAuth client-credentials tokens: cached until shortly before they expire, with one request in
 * flight shared by every caller that needs a token at the same time.
 */
import * as z from 'zod/mini';
import { UnexpectedResponseError } from './errors.ts';

/** Refresh this long before expiry, or at half the lifetime for short-lived tokens. */
const REFRESH_MARGIN_MS = 60_000;

const tokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.optional(z.coerce.number().check(z.positive())),
});

/** Proofpoint documents one-hour tokens; a response without `expires_in` is taken to mean that. */
const DEFAULT_LIFETIME_S = 3600;

export type TokenRequester = () => Promise<unknown>;

export class TokenProvider {
  #token: { value: string; refreshAtMs: number; expiresAtMs: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    private readonly requestToken: TokenRequester,
    private readonly now: () => number = Date.now,
    private readonly onToken: (token: string) => void = () => {},
  ) {}

  async getToken(): Promise<string> {
    const cached = this.#token;
    if (cached !== undefined && this.now() < cached.refreshAtMs) return cached.value;

    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    try {
      return await this.#pending;
    } catch (error) {
      // The refresh starts a margin early; until it expires the token still serves.
      if (cached !== undefined && this.#token === cached && this.now() < cached.expiresAtMs) {
        return cached.value;
      }
      throw error;
    }
  }

  /** Drops `rejected` after a 401, unless a newer token has already replaced it. */
  invalidate(rejected: string): void {
    if (this.#token?.value === rejected) this.#token = undefined;
  }

  async #refresh(): Promise<string> {
    const requestedAtMs = this.now();
    const parsed = z.safeParse(tokenResponseSchema, await this.requestToken());
    if (!parsed.success) {
      // The field names are safe to show; the values may be the token itself.
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).filter(Boolean);
      const problem =
        fields.length === 0
          ? 'is not a JSON object with an access_token'
          : `lacks a valid ${fields.join(', ')}`;
      throw new UnexpectedResponseError(`the token response ${problem}`);
    }

    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    const marginMs = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    const value = parsed.data.access_token;
    this.onToken(value);
    const expiresAtMs = requestedAtMs + lifetimeMs;
    this.#token = { value, refreshAtMs: expiresAtMs - marginMs, expiresAtMs };
    return value;
  }
}

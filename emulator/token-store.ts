/** Opaque bearer tokens, each tied to the client that asked for it and an expiry on the clock. */
import { randomBytes } from 'node:crypto';

export type TokenCheck =
  | { ok: true; clientId: string }
  | { ok: false; reason: 'unknown' | 'expired' };

export class TokenStore {
  readonly #tokens = new Map<string, { clientId: string; expiresAtMs: number }>();
  #lifetimeSeconds = 0;

  constructor(
    lifetimeSeconds: number,
    private readonly clock: () => number,
  ) {
    this.setLifetime(lifetimeSeconds);
  }

  get tokenLifetimeSeconds(): number {
    return this.#lifetimeSeconds;
  }

  /** Takes effect for tokens issued from now on, as a server-side change would. */
  setLifetime(seconds: number): void {
    // `expires_in` is a whole number of seconds, and clients reject 0.
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new RangeError(
        `token lifetime must be a positive whole number of seconds, got ${seconds}`,
      );
    }
    this.#lifetimeSeconds = seconds;
  }

  issue(clientId: string): string {
    this.#forgetExpired();

    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(token, { clientId, expiresAtMs: this.clock() + this.#lifetimeSeconds * 1000 });
    return token;
  }

  check(token: string): TokenCheck {
    const issued = this.#tokens.get(token);
    if (issued === undefined) return { ok: false, reason: 'unknown' };
    if (this.clock() >= issued.expiresAtMs) return { ok: false, reason: 'expired' };

    return { ok: true, clientId: issued.clientId };
  }

  revokeAll(): void {
    this.#tokens.clear();
  }

  // Bounds memory on long runs; a forgotten expired token is then refused as unknown.
  #forgetExpired(): void {
    if (this.#tokens.size < 1000) return;

    const nowMs = this.clock();
    for (const [token, { expiresAtMs }] of this.#tokens) {
      if (nowMs >= expiresAtMs) this.#tokens.delete(token);
    }
  }
}

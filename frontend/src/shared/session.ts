/**
 * The signed-in session of one app (console or portal).
 *
 * The access token lives only in memory; the rotating refresh token is kept in localStorage so
 * a reload or a new tab stays signed in. Refreshes are single-flight: however many requests
 * notice an expired token at once, one refresh runs and all of them wait for it, because the
 * server treats a refresh token used twice as stolen and ends the whole session.
 */

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Exchanges a refresh token: new tokens, null when the server refused it, throws when offline. */
export type Refresher = (refreshToken: string) => Promise<Tokens | null>;

export type SessionEndReason = 'logout' | 'expired';
export type SessionListener = (event: { signedIn: boolean; reason?: SessionEndReason }) => void;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Runs `task` while holding a lock shared by every tab of the app (Web Locks when available). */
export type CrossTabLock = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export interface SessionOptions {
  storageKey: string;
  refresher: Refresher;
  storage?: KeyValueStore;
  now?: () => number;
  lock?: CrossTabLock;
  /** Refresh this long before expiry, capped at a fifth of the token's lifetime. */
  refreshLeadMs?: number;
}

const webLock: CrossTabLock = (name, task) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request(name, task) : task();
};

export class SessionManager {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private inFlight: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<SessionListener>();
  private readonly storage: KeyValueStore;
  private readonly now: () => number;
  private readonly lock: CrossTabLock;
  private readonly leadMs: number;

  constructor(private readonly options: SessionOptions) {
    this.storage = options.storage ?? window.localStorage;
    this.now = options.now ?? Date.now;
    this.lock = options.lock ?? webLock;
    this.leadMs = options.refreshLeadMs ?? 60_000;
  }

  /** Begin a session from a log-in, sign-up, invitation or magic-link payload. */
  start(tokens: Tokens): void {
    this.store(tokens);
    this.emit({ signedIn: true });
  }

  /** True while a refresh token is kept: the user counts as signed in. */
  hasSession(): boolean {
    return this.storage.getItem(this.options.storageKey) !== null;
  }

  currentAccessToken(): string | null {
    return this.accessToken;
  }

  /** The in-memory access token is missing or about to expire. */
  needsRefresh(): boolean {
    return this.accessToken === null || this.now() >= this.expiresAt - 5_000;
  }

  /** A valid access token, refreshing first when needed; null when the session is gone. */
  async validAccessToken(): Promise<string | null> {
    if (!this.hasSession()) return null;
    return this.needsRefresh() ? this.refresh() : this.accessToken;
  }

  /** Exchange the refresh token once, however many callers ask at the same time. */
  refresh(): Promise<string | null> {
    if (!this.inFlight) {
      this.inFlight = this.lock(`${this.options.storageKey}:refresh`, () =>
        this.exchange(),
      ).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** The refresh token to revoke on log-out (read before calling end). */
  refreshToken(): string | null {
    return this.storage.getItem(this.options.storageKey);
  }

  end(reason: SessionEndReason): void {
    const wasSignedIn = this.hasSession() || this.accessToken !== null;
    this.clearTimer();
    this.accessToken = null;
    this.expiresAt = 0;
    this.storage.removeItem(this.options.storageKey);
    if (wasSignedIn) this.emit({ signedIn: false, reason });
  }

  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async exchange(): Promise<string | null> {
    // Read inside the lock: another tab may have rotated the token a moment ago.
    const refreshToken = this.storage.getItem(this.options.storageKey);
    if (refreshToken === null) {
      this.end('expired');
      return null;
    }
    const tokens = await this.options.refresher(refreshToken);
    if (tokens === null) {
      this.end('expired');
      return null;
    }
    this.store(tokens);
    return tokens.accessToken;
  }

  private store(tokens: Tokens): void {
    this.accessToken = tokens.accessToken;
    this.expiresAt = this.now() + tokens.expiresIn * 1000;
    this.storage.setItem(this.options.storageKey, tokens.refreshToken);
    this.schedule(tokens.expiresIn * 1000);
  }

  private schedule(lifetimeMs: number): void {
    this.clearTimer();
    const lead = Math.min(this.leadMs, lifetimeMs / 5);
    this.timer = setTimeout(() => {
      this.refresh().catch(() => {
        // Offline: the next request retries the refresh.
      });
    }, lifetimeMs - lead);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private emit(event: Parameters<SessionListener>[0]): void {
    this.listeners.forEach((listener) => listener(event));
  }
}

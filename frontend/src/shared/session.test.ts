import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionManager, type KeyValueStore, type Tokens } from './session';

class MemoryStore implements KeyValueStore {
  values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

const KEY = 'test.refresh';
const noLock = <T>(_name: string, task: () => Promise<T>) => task();

function tokens(n: number, expiresIn = 900): Tokens {
  return { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SessionManager', () => {
  let store: MemoryStore;
  beforeEach(() => {
    vi.useFakeTimers();
    store = new MemoryStore();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps the access token in memory and only the refresh token in storage', () => {
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher: vi.fn(),
      lock: noLock,
    });
    session.start(tokens(1));
    expect(session.currentAccessToken()).toBe('access-1');
    expect([...store.values.values()]).toEqual(['refresh-1']);
  });

  it('runs one refresh for many concurrent callers and stores the rotated token', async () => {
    const pending = deferred<Tokens | null>();
    const refresher = vi.fn(() => pending.promise);
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher,
      lock: noLock,
    });
    session.start(tokens(1));

    const waiting = [session.refresh(), session.refresh(), session.validAccessToken()];
    vi.advanceTimersByTime(900_000); // the token expired meanwhile; still one refresh
    pending.resolve(tokens(2));

    expect(await Promise.all(waiting)).toEqual(['access-2', 'access-2', 'access-1']);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(refresher).toHaveBeenCalledWith('refresh-1');
    expect(store.getItem(KEY)).toBe('refresh-2');
  });

  it('uses the newest stored refresh token, as rotated by another tab', async () => {
    const refresher = vi.fn(async () => tokens(3));
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher,
      lock: noLock,
    });
    session.start(tokens(1));
    store.setItem(KEY, 'refresh-from-other-tab');
    await session.refresh();
    expect(refresher).toHaveBeenCalledWith('refresh-from-other-tab');
  });

  it('refreshes silently a minute before the access token expires', async () => {
    const refresher = vi.fn(async () => tokens(2));
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher,
      lock: noLock,
    });
    session.start(tokens(1, 900));
    await vi.advanceTimersByTimeAsync(839_000);
    expect(refresher).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(session.currentAccessToken()).toBe('access-2');
  });

  it('ends the session as expired when the server refuses the refresh token', async () => {
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher: async () => null,
      lock: noLock,
    });
    const events: unknown[] = [];
    session.start(tokens(1));
    session.subscribe((e) => events.push(e));
    expect(await session.refresh()).toBeNull();
    expect(session.hasSession()).toBe(false);
    expect(session.currentAccessToken()).toBeNull();
    expect(events).toEqual([{ signedIn: false, reason: 'expired' }]);
  });

  it('keeps the session when the network fails, so a later request can retry', async () => {
    const refresher = vi
      .fn()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(tokens(2));
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher,
      lock: noLock,
    });
    session.start(tokens(1));
    await expect(session.refresh()).rejects.toThrow('offline');
    expect(session.hasSession()).toBe(true);
    expect(await session.refresh()).toBe('access-2');
  });

  it('asks for a refresh when only a stored refresh token exists (after a reload)', () => {
    store.setItem(KEY, 'refresh-1');
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher: vi.fn(),
      lock: noLock,
    });
    expect(session.hasSession()).toBe(true);
    expect(session.needsRefresh()).toBe(true);
  });

  it('log-out clears both tokens and stops the refresh timer', async () => {
    const refresher = vi.fn(async () => tokens(2));
    const session = new SessionManager({
      storageKey: KEY,
      storage: store,
      refresher,
      lock: noLock,
    });
    session.start(tokens(1));
    session.end('logout');
    await vi.advanceTimersByTimeAsync(1_000_000);
    expect(refresher).not.toHaveBeenCalled();
    expect(store.values.size).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeLiveStreams, followLive, type LiveEvent, type LiveState } from './useLive.ts';

/** A stand-in for the browser's EventSource: records what was opened and closed. */
class FakeEventSource {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 1;
  closed = false;
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, () => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, listener);
  }
  emit(type: string) {
    this.listeners.get(type)?.();
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
}

beforeEach(() => {
  FakeEventSource.opened = [];
  (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
});
afterEach(() => {
  delete (globalThis as { EventSource?: unknown }).EventSource;
});

describe('live streams and signing out', () => {
  it('closeLiveStreams closes every open stream, reports it off, and nothing arrives after', () => {
    const events: LiveEvent[] = [];
    const states: [string, LiveState][] = [];
    followLive('grid:1', (e) => events.push(e), (s) => states.push(['a', s]));
    followLive('queue:user:5', (e) => events.push(e), (s) => states.push(['b', s]));
    const [a, b] = FakeEventSource.opened;
    a!.emit('ready');
    a!.onmessage!({ data: JSON.stringify({ type: 'change', topics: ['grid:1'], payload: {} }) } as MessageEvent<string>);
    expect(events).toHaveLength(1);

    closeLiveStreams();
    expect([a!.closed, b!.closed]).toEqual([true, true]);
    expect(states.filter(([, s]) => s === 'off').map(([k]) => k).sort()).toEqual(['a', 'b']);
    // A refused stream is not re-opened after sign-out, and a second call has nothing left to close.
    a!.onerror!();
    closeLiveStreams();
    expect(FakeEventSource.opened).toHaveLength(2);
  });

  it('a stream stopped by its page is forgotten, so signing out later does not touch it', () => {
    const states: LiveState[] = [];
    const stop = followLive('grid:2', () => {}, (s) => states.push(s));
    stop();
    const offs = states.filter((s) => s === 'off').length;
    closeLiveStreams();
    expect(states.filter((s) => s === 'off').length).toBe(offs);
  });
});

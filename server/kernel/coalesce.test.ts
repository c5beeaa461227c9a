import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce.ts';

/** A writer whose batches finish only when the test says so, recording what each batch held. */
function gatedWriter(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((open) => gates.push(open));
    if (items.some(fail)) throw new Error(`bad item in ${items.join(',')}`);
    return items.map((i) => i * 10);
  };
  const openAll = async () => {
    while (gates.length > 0) gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { batches, write, openAll };
}

describe('Coalescer', () => {
  it('sends the first items at once and everything that arrives meanwhile as one batch, answering each in order', async () => {
    const w = gatedWriter();
    const c = new Coalescer(w.write, { maxInFlight: 1, maxBatch: 50 });
    const answers = [1, 2, 3, 4].map((i) => c.submit(i));
    expect(w.batches).toEqual([[1]]);
    while (w.batches.length < 2) await w.openAll();
    await w.openAll();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps up to maxInFlight batches going and cuts batches at maxBatch', async () => {
    const w = gatedWriter();
    const c = new Coalescer(w.write, { maxInFlight: 2, maxBatch: 2 });
    const answers = [1, 2, 3, 4, 5, 6].map((i) => c.submit(i));
    expect(w.batches).toEqual([[1], [2]]);
    while (w.batches.length < 4) await w.openAll();
    await w.openAll();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(w.batches).toEqual([[1], [2], [3, 4], [5, 6]]);
  });

  it('retries a failed batch item by item, so only the bad item fails its caller', async () => {
    const w = gatedWriter((i) => i === 3);
    const c = new Coalescer(w.write, { maxInFlight: 1, maxBatch: 50 });
    const answers = [1, 2, 3, 4].map((i) => c.submit(i).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })));
    for (let i = 0; i < 10; i++) await w.openAll();
    expect(await Promise.all(answers)).toEqual([{ ok: 10 }, { ok: 20 }, { error: 'bad item in 3' }, { ok: 40 }]);
    expect(w.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });
});

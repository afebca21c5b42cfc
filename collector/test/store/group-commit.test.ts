import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.js';

describe('GroupCommit', () => {
  it('commits writes that arrive together in one transaction', async () => {
    const commits: number[][][] = [];
    const gc = new GroupCommit<number, number>(
      (groups) => {
        commits.push(groups);
        return groups.map((g) => g.reduce((a, b) => a + b, 0));
      },
      1,
      100,
    );
    const results = await Promise.all([gc.submit([1, 2]), gc.submit([3]), gc.submit([4, 5, 6])]);
    expect(results).toEqual([3, 3, 15]);
    expect(commits).toEqual([[[1, 2], [3], [4, 5, 6]]]);
  });

  it('commits at once when the row cap is reached', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number, null>(
      (groups) => {
        sizes.push(groups.flat().length);
        return groups.map(() => null);
      },
      1000,
      3,
    );
    const started = Date.now();
    await Promise.all([gc.submit([1, 2]), gc.submit([3])]);
    expect(sizes).toEqual([3]);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects only the caller whose writes failed', async () => {
    const gc = new GroupCommit<string, string>(
      (groups) => groups.map((g) => (g[0] === 'bad' ? new Error('bad row') : 'ok')),
      0,
      100,
    );
    const [a, b] = await Promise.allSettled([gc.submit(['good']), gc.submit(['bad'])]);
    expect(a).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'bad row' } });
  });

  it('rejects every caller of a batch whose commit failed', async () => {
    const gc = new GroupCommit<number, number>(
      () => {
        throw new Error('disk full');
      },
      0,
      100,
    );
    const settled = await Promise.allSettled([gc.submit([1]), gc.submit([2])]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('commits pending writes on close and refuses later ones', async () => {
    let committed = 0;
    const gc = new GroupCommit<number, null>(
      (groups) => {
        committed += groups.length;
        return groups.map(() => null);
      },
      10_000,
      100,
    );
    const pending = gc.submit([1]);
    gc.close();
    await pending;
    expect(committed).toBe(1);
    await expect(gc.submit([2])).rejects.toThrow('closed');
  });
});

describe('GroupCommit with a commit on another thread', () => {
  it('runs one commit at a time and sends what arrived meanwhile as the next batch', async () => {
    const batches: number[][] = [];
    let release: (() => void) | undefined;
    const gc = new GroupCommit<number, number>(
      (groups) =>
        new Promise((resolve) => {
          batches.push(groups.flat());
          release = () => resolve(groups.map((g) => g.length));
        }),
      0,
      100,
    );
    const first = gc.submit([1]);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    const later = [gc.submit([2]), gc.submit([3, 4])];
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[1]]);
    release?.();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release?.();
    expect(await Promise.all(later)).toEqual([1, 2]);
  });

  it('waits for the running commit on close', async () => {
    let done = false;
    const gc = new GroupCommit<number, null>(
      (groups) => new Promise((resolve) => setTimeout(() => ((done = true), resolve(groups.map(() => null))), 20)),
      0,
      100,
    );
    const pending = gc.submit([1]);
    await new Promise((r) => setImmediate(r));
    await gc.close();
    expect(done).toBe(true);
    await expect(pending).resolves.toBeNull();
  });
});

describe('GroupCommit with several commits in flight', () => {
  it('sends the next batch before the previous one has answered, up to the limit', async () => {
    const batches: number[][] = [];
    const releases: (() => void)[] = [];
    const gc = new GroupCommit<number, number>(
      (groups) =>
        new Promise((resolve) => {
          batches.push(groups.flat());
          releases.push(() => resolve(groups.map((g) => g.length)));
        }),
      0,
      100,
      2,
    );
    const a = gc.submit([1]);
    await new Promise((r) => setImmediate(r));
    const b = gc.submit([2]);
    await new Promise((r) => setImmediate(r));
    const c = gc.submit([3]);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2]]);
    releases[0]?.();
    await a;
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2], [3]]);
    releases[1]?.();
    releases[2]?.();
    expect(await Promise.all([b, c])).toEqual([1, 1]);
  });
});

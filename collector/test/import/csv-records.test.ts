import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/import/csv-records.js';

async function read(chunks: string[]) {
  const out: { line: number; cells: string[] }[] = [];
  for await (const r of csvRecords(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(r);
  return out;
}

describe('csvRecords', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, numbering records by their first line', async () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi""\nthere"\n\nlast,""\n';
    expect(await read([text])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"\nthere'] },
      { line: 5, cells: ['last', ''] },
    ]);
  });

  it('reads the same records whichever way the text is split into chunks', async () => {
    const text = 'a,b\n"q""uo\nted",2\nend,3';
    const whole = await read([text]);
    expect(whole).toHaveLength(3);
    for (let i = 1; i < text.length; i++) expect(await read([text.slice(0, i), text.slice(i)])).toEqual(whole);
  });

  it('refuses a quoted cell that is never closed, naming its line', async () => {
    await expect(read(['a\n"open,1\n'])).rejects.toThrow('line 2: a quoted cell is never closed');
  });
});

import { describe, expect, it } from 'vitest';
import { BodyShapeScanner, checkBodyShape, type BodyShape } from '../../src/lib/body-shape.js';

const SHAPE: BodyShape = { depth: 4, keys: 3, items: 3, string: 8, batchKey: 'batch', singleBytes: 60 };

/** What the scanner says about `body` fed in the given chunks: 'ok' or the error's message and status. */
function verdict(chunks: Uint8Array[]): string {
  const scanner = new BodyShapeScanner(SHAPE);
  try {
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
    return 'ok';
  } catch (err) {
    const e = err as { statusCode?: number; message: string };
    return `${e.statusCode} ${e.message}`;
  }
}

const BODIES = [
  '{"a":"12345678","b":[1,2],"c":{"d":"x\\"y"}}',
  '{"a":"123456789"}',
  '{"a":"1234567\\"9"}',
  '{"a":{"k1":1,"k2":2,"k3":3,"k4":4}}',
  '{"a":[1,2,3,4]}',
  '{"a":[[[[1]]]]}',
  '{"a":"x","b":"y","c":"z","pad":1}',
  '{"a\\"b":{"x":1,"y":2,"z":3,"w":4}}',
  '{"p":{"a":"12345678","b":"12345678","c":"12345678"},"q":"12345678"}',
  `{"batch":[${'{"a":1},'.repeat(2)}{"a":1}],"pad":"${'y'.repeat(8)}","x":[${'3,'.repeat(2)}3]}`,
];

describe('BodyShapeScanner', () => {
  it('gives the same verdict whatever the chunks a body arrives in, tokens split included', () => {
    for (const text of BODIES) {
      const bytes = new TextEncoder().encode(text);
      const whole = verdict([bytes]);
      for (let at = 0; at <= bytes.length; at++) {
        expect(verdict([bytes.subarray(0, at), bytes.subarray(at)]), `${text} split at ${at}`).toBe(whole);
      }
      expect(verdict(Array.from(bytes, (b) => Uint8Array.of(b))), `${text} byte by byte`).toBe(whole);
    }
  });

  it('names the offending path and bound, as the one-buffer check does', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(verdict([bytes(BODIES[0] as string)])).toBe('ok');
    expect(verdict([bytes('{"a":{"k1":1,"k2":2,"k3":3,"k4":4}}')])).toBe('400 body.a: more than 3 keys');
    expect(verdict([bytes('{"a":[1,2,3,4]}')])).toBe('400 body.a: more than 3 items');
    expect(verdict([bytes('{"a":"123456789x"}')])).toBe('400 body.a: a string longer than 8 characters');
    expect(verdict([bytes('{"a":[[[[1]]]]}')])).toBe('400 body.a[0][0][0]: nested deeper than 4 levels');
    // keys are named from the last one seen, after containers and values that came between
    expect(verdict([bytes('{"p":{"a":[1]},"q":"123456789x"}')])).toBe('400 body.q: a string longer than 8 characters');
    expect(verdict([bytes('{"p":{"a":"x","b":[1,2,3,4]}}')])).toBe('400 body.p.b: more than 3 items');
    // an over-long key is named by the object it is in
    expect(verdict([bytes('{"p":{"a":1,"abcdefghijk":1}}')])).toBe('400 body.p: a string longer than 8 characters');
    expect(verdict([bytes(BODIES[8] as string)])).toMatch(/^413 /);
    expect(verdict([bytes(BODIES[9] as string)])).toBe('ok');
    expect(() => checkBodyShape(bytes('{"a":[1,2,3,4]}'), SHAPE)).toThrow('body.a: more than 3 items');
  });

  it('stops at the first offending chunk, before the rest arrives', () => {
    const scanner = new BodyShapeScanner(SHAPE);
    scanner.write(new TextEncoder().encode('{"a":{"k1":1,"k2":2,"k3'));
    expect(() => scanner.write(new TextEncoder().encode('":3,"k4":4'))).toThrow('body.a: more than 3 keys');
  });
});

import { describe, expect, it } from 'vitest';
import { writerMode } from '../../src/plugins/store.js';

describe('writerMode', () => {
  it('commits on the event loop with one core, on a writer thread from two', () => {
    expect(writerMode('auto', 1)).toBe('inline');
    expect(writerMode('auto', 2)).toBe('thread');
    expect(writerMode('auto', 3)).toBe('thread');
    expect(writerMode('auto', 16)).toBe('thread');
  });

  it('keeps an explicit choice whatever the cores', () => {
    expect(writerMode('thread', 1)).toBe('thread');
    expect(writerMode('inline', 16)).toBe('inline');
  });
});

/** One CSV record and the line of the file it starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Reads RFC 4180 CSV from text chunks as they arrive: quoted cells may hold commas, doubled quotes and
 * line breaks; records end with LF or CRLF; a leading byte-order mark is dropped; blank lines are skipped.
 * Holds one record in memory at a time, so a file of any size streams through.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  /** the previous character closed a quote: a second quote is an escaped one */
  let quoteClosed = false;
  let line = 1;
  let start = 1;
  let first = true;
  let touched = false;
  const end = (): CsvRecord | null => {
    cells.push(cell);
    const record = touched || cells.length > 1 || cell !== '' ? { line: start, cells } : null;
    cells = [];
    cell = '';
    touched = false;
    return record;
  };
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          quoteClosed = true;
        } else {
          if (ch === '\n') line++;
          cell += ch;
        }
        continue;
      }
      if (ch === '"') {
        // "" inside a quoted cell is one quote; a quote opening a cell starts quoting
        if (quoteClosed) cell += '"';
        quoted = true;
        touched = true;
        quoteClosed = false;
        continue;
      }
      quoteClosed = false;
      if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else if (ch === '\n') {
        const record = end();
        if (record) yield record;
        line++;
        start = line;
      } else if (ch !== '\r') {
        cell += ch;
      }
    }
  }
  if (quoted) throw new Error(`line ${start}: a quoted cell is never closed`);
  const record = end();
  if (record) yield record;
}

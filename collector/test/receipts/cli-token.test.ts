import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyReceipt } from '../../src/receipts/token.js';
import { cliArgs, COLLECTOR_DIR } from '../helpers/cli-bundle.js';

const PYTHON_EXAMPLE = fileURLToPath(new URL('../../../docs/examples/receipt_token.py', import.meta.url));
const SECRET = 'cli-test-secret';
const keys = (site: string) => (site === 'demo' ? [{ kid: 'k7', secret: SECRET }] : []);
const WEEK = 7 * 86_400;

const cli = (...args: string[]) =>
  spawnSync(process.execPath, cliArgs('receipt-token', ...args), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** Each run starts the CLI as a child process, which takes several seconds on a loaded machine. */
const CLI_TIMEOUT_MS = 120_000;

describe('touchpoint receipt-token', { timeout: CLI_TIMEOUT_MS }, () => {
  it('prints a token the collector verifies, with the transaction variables, and its /r/ link', () => {
    const run = cli(
      ...['--site', 'demo', '--touchpoint', 'store-12', '--txn', 'T-42', '--till', '3'],
      ...['--var', 'bill=12.5', '--var', 'payment=card', '--kid', 'k7', '--secret', SECRET],
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [token, link] = run.stdout.trim().split('\n');
    expect(link).toBe(`http://127.0.0.1:8787/r/${token}`);
    const verified = verifyReceipt(token ?? '', keys, new Date(), WEEK);
    expect(verified).toMatchObject({
      ok: true,
      receipt: { s: 'demo', t: 'store-12', x: 'T-42', l: '3', k: 'k7', v: { bill: 12.5, payment: 'card' } },
    });
  });

  it('names the wrong option and exits 1 when the transaction is missing', () => {
    const run = cli('--site', 'demo', '--touchpoint', 'store-12', '--kid', 'k7', '--secret', SECRET);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^--txn: /);
  });
});

describe('the Python example signer', () => {
  it('makes tokens the collector verifies', () => {
    const run = spawnSync(
      'python3',
      [PYTHON_EXAMPLE, 'demo', 'store-12', 'T-7', 'k7', SECRET, 'bill=12.5', 'payment=card'],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    expect(verifyReceipt(run.stdout.trim(), keys, new Date(), WEEK)).toMatchObject({
      ok: true,
      receipt: { s: 'demo', t: 'store-12', x: 'T-7', v: { bill: 12.5, payment: 'card' } },
    });
  });
});

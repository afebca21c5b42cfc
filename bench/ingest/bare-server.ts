import { createServer } from 'node:http';

/**
 * The baseline: plain node:http that reads the whole body and answers 204, in its own process like
 * the collector. Prints `{"port":N}` on stdout once it listens on 127.0.0.1.
 */
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(204);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

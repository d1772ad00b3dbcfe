// Later suites use Redis for real (BullMQ, read models). A missing Redis must fail the run, never skip it.
const net = require('node:net');
const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
const fail = (why) => {
  console.error(
    `Redis at ${url.host} is unreachable (${why}). Start it, or set REDIS_URL. Tests that need Redis do not skip.`,
  );
  process.exit(1);
};
socket.setTimeout(3000, () => fail('timed out'));
socket.on('error', (e) => fail(e.code || e.message));
socket.on('connect', () => socket.write('PING\r\n'));
socket.on('data', (d) => {
  if (d.toString().startsWith('+PONG')) {
    socket.end();
    process.exit(0);
  }
  fail(`unexpected reply ${JSON.stringify(d.toString().slice(0, 40))}`);
});

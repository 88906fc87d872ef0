// Tests for the procfs probes: a fake /proc tree for parsing, and this very process's real listener.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../../test-support/cli.js';
import { findGatewayProcesses, isGatewayCmdline, listListeningSockets, parseProcNetTcp, processesOnPort, readProcessEnviron } from './procfs.js';

const TCP_HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const TCP6_HEADER = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

describe('parseProcNetTcp', () => {
  const cases: Array<{ name: string; text: string; family: 'ipv4' | 'ipv6'; expect: Array<{ address: string; port: number; loopback: boolean; wildcard: boolean }> }> = [
    {
      name: 'IPv4 wildcard and loopback listeners, skipping established sockets',
      family: 'ipv4',
      text: `${TCP_HEADER}   0: 00000000:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1461 1 0 100 0 0 10 0\n   1: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1462 1 0 100 0 0 10 0\n   2: 020200C0:AA9E 507100CB:0050 01 00000000:00000000 03:00000E7E 00000000     0        0 0 3 0\n`,
      expect: [
        { address: '0.0.0.0', port: 18789, loopback: false, wildcard: true },
        { address: '127.0.0.1', port: 18789, loopback: true, wildcard: false },
      ],
    },
    {
      name: 'IPv6 any, ::1 and a v4-mapped LAN address',
      family: 'ipv6',
      text: `${TCP6_HEADER}   0: 00000000000000000000000000000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2001 1 0 100 0 0 10 0\n   1: 00000000000000000000000001000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2002 1 0 100 0 0 10 0\n   2: 0000000000000000FFFF00000500000A:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  0        0 2003 1 0 100 0 0 10 0\n`,
      expect: [
        { address: '::', port: 18789, loopback: false, wildcard: true },
        { address: '::1', port: 18789, loopback: true, wildcard: false },
        { address: '::ffff:10.0.0.5', port: 80, loopback: false, wildcard: false },
      ],
    },
  ];
  for (const c of cases) {
    it(`parses ${c.name}`, () => {
      const got = parseProcNetTcp(c.text, c.family).map(({ address, port, loopback, wildcard }) => ({ address, port, loopback, wildcard }));
      assert.deepEqual(got, c.expect);
    });
  }
});

describe('isGatewayCmdline', () => {
  const valid = ['openclaw gateway run --bind loopback', '/usr/bin/node /opt/oc/node_modules/.bin/openclaw gateway', 'openclaw-gateway', 'node /x/node_modules/openclaw/openclaw.mjs gateway --port 18789'];
  const invalid = ['openclaw security audit --json', 'node server.js gateway', 'vim openclaw.json', 'openclaw gateway status'];
  for (const cmd of valid) it(`recognises "${cmd}" as a gateway`, () => assert.equal(isGatewayCmdline(cmd), true));
  for (const cmd of invalid) it(`does not take "${cmd}" for a gateway`, () => assert.equal(isGatewayCmdline(cmd), false));
});

describe('fake procfs tree', () => {
  const root = makeTempDir('clawguard-proc-');
  after(() => removeDir(root));

  it('finds gateway processes with their user, and reads their environment', async () => {
    const proc = join(root, 'proc');
    await fs.mkdir(join(proc, '100'), { recursive: true });
    await fs.mkdir(join(proc, '200'), { recursive: true });
    await fs.mkdir(join(proc, 'self'), { recursive: true });
    await fs.writeFile(join(proc, '100/cmdline'), 'node\0/opt/oc/node_modules/.bin/openclaw\0gateway\0run\0');
    await fs.writeFile(join(proc, '100/status'), 'Name:\tnode\nUid:\t0\t0\t0\t0\n');
    await fs.writeFile(join(proc, '100/environ'), 'NODE_OPTIONS=--require /tmp/x.js\0PATH=/usr/bin\0');
    await fs.writeFile(join(proc, '200/cmdline'), 'bash\0');
    await fs.writeFile(join(proc, '200/status'), 'Uid:\t1000\t1000\t1000\t1000\n');
    await fs.writeFile(join(root, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n');
    const roots = { proc, passwd: join(root, 'passwd') };
    const gateways = await findGatewayProcesses(roots);
    assert.deepEqual(
      gateways.map((g) => ({ pid: g.pid, user: g.user, uid: g.uid })),
      [{ pid: 100, user: 'root', uid: 0 }],
    );
    assert.deepEqual(await readProcessEnviron(100, roots), { NODE_OPTIONS: '--require /tmp/x.js', PATH: '/usr/bin' });
    assert.equal(await readProcessEnviron(999, roots), undefined);
  });
});

describe('live procfs', { skip: process.platform !== 'linux' }, () => {
  let server: Server;
  after(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('sees a listener this process opened on 127.0.0.1 and names this process as its owner', async () => {
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const sockets = await listListeningSockets({ port });
    assert.equal(sockets.length, 1);
    assert.equal(sockets[0]?.address, '127.0.0.1');
    assert.equal(sockets[0]?.loopback, true);
    const owners = await processesOnPort(port);
    assert.ok(owners[0]?.processes.some((p) => p.pid === process.pid));
  });
});

// containIncident against a fake procfs tree: which gateway processes belong to this install (no real process is touched).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, removeDir, writeTree } from '../test-support/cli.js';
import { containIncident } from './contain.js';

describe('containIncident process-list discovery (fake /proc)', () => {
  let dir: string;
  before(async () => {
    dir = makeTempDir('clawguard-contain-proc-');
    const gw = 'node\0/usr/lib/node_modules/openclaw/openclaw.mjs\0gateway\0run\0';
    await writeTree(dir, {
      'home/.openclaw/openclaw.json': '{ gateway: { port: 18789 } }\n',
      // ours: HOME points at this install
      'proc/4242/cmdline': gw,
      'proc/4242/status': 'Name:\tnode\nUid:\t1000\t1000\t1000\t1000\n',
      'proc/4242/stat': '4242 (node) S 1 4242 4242 0 -1 0',
      'proc/4242/environ': `HOME=${join(dir, 'home')}\0PATH=/usr/bin\0`,
      // another install's gateway (its own OPENCLAW_STATE_DIR)
      'proc/5151/cmdline': gw,
      'proc/5151/status': 'Name:\tnode\nUid:\t1001\t1001\t1001\t1001\n',
      'proc/5151/stat': '5151 (node) S 1 5151 5151 0 -1 0',
      'proc/5151/environ': 'OPENCLAW_STATE_DIR=/srv/other/.openclaw\0',
      // environment unreadable (another user's process): left alone, named in a note
      'proc/6161/cmdline': gw,
      'proc/6161/status': 'Name:\tnode\nUid:\t0\t0\t0\t0\n',
      'proc/6161/stat': '6161 (node) S 1 6161 6161 0 -1 0',
      // not a gateway: `openclaw gateway status` is a client command
      'proc/7171/cmdline': 'node\0/usr/lib/node_modules/openclaw/openclaw.mjs\0gateway\0status\0',
      'proc/7171/status': 'Name:\tnode\nUid:\t1000\t1000\t1000\t1000\n',
      'proc/7171/stat': '7171 (node) S 1 7171 7171 0 -1 0',
      'proc/7171/environ': `HOME=${join(dir, 'home')}\0`,
      'proc/net/tcp': '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n',
      'proc/net/tcp6': '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n',
      passwd: 'root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n',
    });
  });
  after(() => removeDir(dir));

  it('selects only the gateway whose environment names this state dir (dry run: nothing is signalled)', async () => {
    const result = await containIncident({
      stateDir: join(dir, 'home', '.openclaw'),
      env: { HOME: join(dir, 'home') },
      dryRun: true,
      hostRoots: { proc: join(dir, 'proc'), passwd: join(dir, 'passwd') },
    });
    assert.deepEqual(
      result.stopped.map((s) => [s.pid, s.foundBy, s.outcome]),
      [[4242, 'process-list', 'would-stop']],
    );
    assert.ok(result.notes.some((n) => n.includes('pid 6161') && n.includes('--pid 6161')), result.notes.join('\n'));
    assert.ok(!result.notes.some((n) => n.includes('5151')));
  });
});

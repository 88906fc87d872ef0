// Signed OpenAPI round trips against the fake server on 127.0.0.1: pages/s for a 2,000-record walk (sign + verify + JSON), from dist/.
//   node bench/cloud-paging.mjs [--dist DIR] [--records 2000] [--json]
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const DIST = resolve(flag('--dist', new URL('../dist/', import.meta.url).pathname));
const RECORDS = Number(flag('--records', '2000'));
const { startFakeAliyun } = await import('file://' + join(DIST, 'test-support', 'aliyun-fake-server.js'));
const { AliyunClient } = await import('file://' + join(DIST, 'cloud', 'aliyun', 'client.js'));
const { walkPages } = await import('file://' + join(DIST, 'cloud', 'aliyun', 'paging.js'));

const server = await startFakeAliyun({ listSizes: { DescribeVulList: RECORDS } });
const client = new AliyunClient({ credentials: { accessKeyId: 'LTAI_TEST_ONLY_0000', accessKeySecret: 'test-secret-not-real', source: 'bench' }, endpoint: server.url, backoffMs: 5 });
const rows = [];
for (const pageSize of [20, 50]) {
  const samples = [];
  let pages = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await walkPages(client, { product: 'sas', action: 'DescribeVulList', params: { Lang: 'en', Type: 'emg', Dealed: 'n' }, region: 'cn-shanghai', listKey: 'VulRecords', pageSize, maxPages: 1000 });
    samples.push(performance.now() - t0);
    pages = r.pages;
    if (r.items.length !== RECORDS) throw new Error(`walked ${r.items.length} of ${RECORDS}`);
  }
  samples.sort((a, b) => a - b);
  rows.push({ name: `walk ${RECORDS} records, page ${pageSize}`, pages, samples: samples.length, p50_ms: +samples[1].toFixed(1), pages_per_s: Math.round((pages / samples[1]) * 1000), rss_mb: Math.round(process.memoryUsage().rss / 1048576), node: process.version, date: new Date().toISOString() });
}
await server.close();
if (args.includes('--json')) for (const r of rows) console.log(JSON.stringify(r));
else for (const r of rows) console.log(`${r.name.padEnd(34)} pages ${r.pages}  p50 ${r.p50_ms} ms  ${r.pages_per_s} pages/s  RSS ${r.rss_mb} MB`);

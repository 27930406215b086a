import { readFileSync } from 'node:fs';
import { loadConfig } from '../lambdas/core/config';
import { MemoryActivityBaseline, detectCloudTrailRecord, ruleContext } from '../lambdas/sources/detection';
import { parseCloudTrailCall } from '../lambdas/sources/cloudtrail-call';
const rec = (
  JSON.parse(readFileSync('test/fixtures/cloudtrail/create-user.json', 'utf8')) as {
    detail: Record<string, unknown>;
  }
).detail;
const recs = Array.from({ length: 60000 }, (_, i) => ({ ...rec, eventID: `e${i}` }));
const ctx = ruleContext(loadConfig({}).detection, new MemoryActivityBaseline());
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  for (const r of recs) parseCloudTrailCall(r);
  console.log('parse call', (performance.now() - t).toFixed(0));
  t = performance.now();
  let d = 0;
  for (const r of recs) d += detectCloudTrailRecord(r, ctx).length;
  console.log('detect', (performance.now() - t).toFixed(0), d);
}

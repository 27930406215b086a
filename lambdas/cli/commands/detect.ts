/**
 * `ato detect FILE…`: the detection rules, offline, over CloudTrail as it lies on disk (S3 log files,
 * gzipped or not, JSON lines of records or of EventBridge envelopes). One JSON line per detection
 * on stdout; counts per rule on stderr; a progress line on a terminal. Streams: memory stays flat
 * whatever the size of the trail. The baseline ("first time this key…") is kept in memory across
 * all files, in the order given: give them oldest first.
 */
import { MemoryActivityBaseline } from '../../sources/detection/baseline';
import { consoleSignInOfRecord } from '../../sources/console-sign-in';
import { detectCloudTrailRecord, ruleContext } from '../../sources/detection';
import { oneLine } from '../../core/plain-text';
import type { DetectionLine } from '../detect/offline-correlation';
import { OfflineCorrelator } from '../detect/offline-correlation';
import { readTrail } from '../detect/trail-reader';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { readConfig } from '../options';
import { parse } from '../parse';

export async function detectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { config: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('detect needs at least one FILE');
  const detection = readConfig(values, io).detection;
  const ctx = ruleContext(detection, new MemoryActivityBaseline());
  // Sequences and credential stuffing, as the Lambda reads them from incidents.
  const correlator = new OfflineCorrelator(detection.credentialStuffing);
  const counts = new Map<string, number>();
  let records = 0;
  let unreadable = 0;
  for (const path of positionals) {
    try {
      for await (const item of readTrail(path)) {
        if ('error' in item) {
          unreadable++;
          io.err(oneLine(`ato: ${item.at}: ${item.error}`));
          continue;
        }
        records++;
        const lines: DetectionLine[] = [];
        for (const signal of detectCloudTrailRecord(item.record, ctx)) {
          lines.push({
            eventId: signal.evidence.eventId ?? signal.dedupKey,
            ruleId: signal.ruleId,
            severity: signal.severity,
            subject: signal.subject.id,
            summary: signal.title,
          });
          lines.push(...correlator.detection(signal));
        }
        const signIn = consoleSignInOfRecord(item.record);
        if (signIn) lines.push(...correlator.signIn(signIn));
        for (const line of lines) {
          counts.set(line.ruleId, (counts.get(line.ruleId) ?? 0) + 1);
          io.out(JSON.stringify(line));
        }
        if (records % 10_000 === 0) io.progress?.(`${records} records…`);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.err(`ato: ${path}: ${code ?? (error as Error).message}`);
      return EXIT.failure;
    }
  }
  io.progress?.('');
  const lines = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, n]) => `  ${rule}: ${n}`);
  io.err(
    [
      `${records} records read${unreadable ? `, ${unreadable} unreadable` : ''}; ${[...counts.values()].reduce((a, b) => a + b, 0)} detections`,
      ...lines,
    ].join('\n'),
  );
  return unreadable ? EXIT.failure : EXIT.ok;
}

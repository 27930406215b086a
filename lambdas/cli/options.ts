/**
 * Options shared by the commands: where the config and the incident store are, and who is acting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ResponderConfig } from '../core/config';
import { ConfigError, parseConfig } from '../core/config';
import type { ActionRecord } from '../core/action';
import type { Incident } from '../core/incident';
import type { IncidentStore, SnapshotStore } from '../core/ports';
import { createDynamoDbClient } from '../providers/aws/clients';
import { DynamoDbSnapshotStore } from '../providers/aws/dynamodb-snapshots';
import { DynamoDbIncidentStore } from '../providers/aws/dynamodb-store';
import { FileIncidentStore } from '../providers/file-store';
import type { CliIo } from './io';
import { UsageError } from './io';

export const STORE_OPTIONS = {
  table: { type: 'string' },
  store: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface StoreFlags {
  table?: string;
  store?: string;
  config?: string;
}

/**
 * The config: `--config FILE`, else the `ato-responder` context of ./cdk.json (what is deployed),
 * else the defaults.
 */
export function readConfig(flags: StoreFlags, io: CliIo): ResponderConfig {
  let raw: unknown = {};
  if (flags.config) {
    raw = readJson(resolve(io.cwd, flags.config), '--config');
  } else if (existsSync(join(io.cwd, 'cdk.json'))) {
    const cdk = readJson(join(io.cwd, 'cdk.json'), 'cdk.json') as { context?: Record<string, unknown> };
    raw = cdk.context?.['ato-responder'] ?? {};
  }
  const result = parseConfig(raw);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}

export function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${what}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what}: ${path} is not JSON: ${(error as Error).message}`);
  }
}

/** `--table NAME` (or ATO_TABLE_NAME): the deployed DynamoDB table; otherwise files under `--store` or ./.ato. */
/** `snapshots`: the scheduled audits' snapshots, which only the deployed table holds. */
export function openStore(
  flags: StoreFlags,
  io: CliIo,
): { store: IncidentStore; where: string; snapshots?: SnapshotStore } {
  const table = flags.table ?? io.env.ATO_TABLE_NAME;
  if (table && flags.store) throw new UsageError('give --table or --store, not both');
  if (table) {
    const client = createDynamoDbClient();
    return {
      store: new DynamoDbIncidentStore(client, table),
      snapshots: new DynamoDbSnapshotStore(client, table),
      where: `DynamoDB table ${table}`,
    };
  }
  const dir = resolve(io.cwd, flags.store ?? '.ato');
  return { store: new FileIncidentStore(dir), where: dir };
}

export function actorOf(io: CliIo, by?: string): string {
  return `cli:${by ?? io.env.ATO_ACTOR ?? io.env.USER ?? io.env.USERNAME ?? 'unknown'}`;
}

/** An incident and its records, or undefined after telling the person there is none (exit 1). */
export async function loadIncident(
  store: IncidentStore,
  incidentId: string,
  io: CliIo,
): Promise<{ incident: Incident; records: ActionRecord[] } | undefined> {
  const incident = await store.getIncident(incidentId);
  if (!incident) {
    io.err(`ato: no incident ${incidentId}`);
    return undefined;
  }
  return { incident, records: await store.listActionRecords(incidentId) };
}

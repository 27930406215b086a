import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FileIncidentStore } from '../../lambdas/providers/file-store';
import { describeIncidentStoreContract } from './store-contract';
import { SUBJECT_KEY, T0, anIncident } from './store-fixtures';

describe('FileIncidentStore', () => {
  let parent: string;
  let stores = 0;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'ato-file-store-'));
  });

  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  function newDirectory(): string {
    return join(parent, `store-${++stores}`);
  }

  describe('contract', () => {
    describeIncidentStoreContract(() => Promise.resolve(new FileIncidentStore(newDirectory())));
  });

  describe('in its directory', () => {
    async function filesUnder(dir: string): Promise<string[]> {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
    }

    it('lets exactly one of two processes sharing a directory claim an event', async () => {
      // Prepare: two stores on one directory stand for two `ato` processes
      const directory = newDirectory();
      const first = new FileIncidentStore(directory);
      const second = new FileIncidentStore(directory);

      // Act
      const results = await Promise.all([
        first.claimEvent('aws.health/evt-0001', T0),
        second.claimEvent('aws.health/evt-0001', T0),
      ]);

      // Assess
      expect(results.sort()).toEqual([false, true]);
    });

    it('lets exactly one of ten processes sharing a directory claim an event', async () => {
      // Prepare
      const directory = newDirectory();
      const processes = Array.from({ length: 10 }, () => new FileIncidentStore(directory));

      // Act
      const results = await Promise.all(
        processes.map((store) => store.claimEvent('aws.health/evt-0001', T0)),
      );

      // Assess
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps every file inside its directory, whatever the dedup key', async () => {
      // Prepare
      const outer = newDirectory();
      const directory = join(outer, 'store');
      const store = new FileIncidentStore(directory);

      // Act
      await store.claimEvent('../../outside', T0);

      // Assess
      expect(await readdir(outer)).toEqual(['store']);
      expect(await filesUnder(directory)).toEqual([
        expect.stringMatching(/^events\/[0-9a-f]{64}\.json$/) as unknown,
      ]);
    });

    it('leaves no temporary files behind once an incident is opened and saved', async () => {
      // Prepare
      const directory = newDirectory();
      const store = new FileIncidentStore(directory);

      // Act
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());
      await store.saveIncident({ ...incident, status: 'contained' });

      // Assess
      expect(await readdir(join(directory, 'tmp'))).toEqual([]);
    });

    it('keeps every version of an incident as its own file', async () => {
      // Prepare
      const directory = newDirectory();
      const store = new FileIncidentStore(directory);

      // Act
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());
      await store.saveIncident({ ...incident, status: 'contained' });

      // Assess
      const incidentFiles = (await filesUnder(directory)).filter((file) => file.startsWith('incidents/'));
      expect(incidentFiles.map((file) => file.split('/').pop()).sort()).toEqual(['1.json', '2.json']);
    });
  });
});

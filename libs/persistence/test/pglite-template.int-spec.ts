import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Database, openDatabase, preparePgliteTemplate } from '../src';
import { loadPGlite } from '../src/load-pglite';
import { pgliteTemplateFile } from '../src/pglite-template';

/**
 * New PGlite stores start from one initdb template, a file every process shares (pglite-template.ts): the
 * first writes it, later ones load it instead of running initdb; a cluster already on disk opens as it is;
 * a damaged or unwritable template never keeps a store from opening.
 */
describe('the PGlite initdb template', () => {
  const root = mkdtempSync(join(tmpdir(), 'commlab-pglite-template-'));
  let count = 0;
  const freshDir = (name: string) => join(root, `${name}-${String((count += 1))}`);
  const opened: Database[] = [];
  const warnings: string[] = [];
  const logger = { log: () => undefined, warn: (line: string) => warnings.push(line) };

  async function open(templateDir: string, dataDir?: string): Promise<Database> {
    const db = await openDatabase({
      service: 'template-test',
      migrations: [{ id: '001', sql: 'CREATE TABLE notes (body text)' }],
      pgliteTemplateDir: templateDir,
      logger,
      ...(dataDir === undefined ? {} : { dataDir }),
    });
    opened.push(db);
    return db;
  }

  const tables = async (db: Database) =>
    (
      await db.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).rows.map((row) => row.name);

  /** A template whose cluster holds a table initdb never makes: a store with that table came from it. */
  async function markedTemplate(templateDir: string): Promise<void> {
    const { PGlite } = await loadPGlite();
    const pg = await PGlite.create();
    await pg.exec('CREATE TABLE made_from_template (id int)');
    const dump = await pg.dumpDataDir('none');
    await pg.close();
    mkdirSync(templateDir, { recursive: true });
    writeFileSync(pgliteTemplateFile(templateDir), new Uint8Array(await dump.arrayBuffer()));
  }

  /** One marked template for the tests that only load it (each template made is an initdb, ~3 s). */
  let markedTemplateDir = '';
  beforeAll(async () => {
    markedTemplateDir = freshDir('marked-templates');
    await markedTemplate(markedTemplateDir);
  });

  beforeEach(() => {
    warnings.length = 0;
  });

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    rmSync(root, { recursive: true, force: true });
  });

  it('the first new store writes the template, whole, under a name with the PGlite version', async () => {
    const templateDir = freshDir('templates');
    const db = await open(templateDir);
    expect(await tables(db)).toEqual(['notes', 'schema_migrations']);
    const file = pgliteTemplateFile(templateDir);
    expect(file).toMatch(/pglite-\d+\.\d+\.\d+-initdb\.tar$/);
    expect(statSync(file).size).toBeGreaterThan(1_000_000);
    expect(readdirSync(templateDir)).toEqual([file.split('/').pop()]);
    expect(warnings).toEqual([]);
  });

  it('later new stores, in memory and on a new data directory, load the template instead of running initdb', async () => {
    const inMemory = await open(markedTemplateDir);
    const onDisk = await open(markedTemplateDir, freshDir('data'));
    for (const db of [inMemory, onDisk])
      expect(await tables(db)).toEqual(['made_from_template', 'notes', 'schema_migrations']);
  });

  it('a data directory that holds a cluster opens as it is, whatever the template', async () => {
    const dataDir = freshDir('data');
    const first = await open(markedTemplateDir, dataDir);
    await first.query("INSERT INTO notes (body) VALUES ('kept')");
    await first.close();
    // A template the store would have to delete, had it tried to load it: it must not even read it.
    const otherTemplateDir = freshDir('templates');
    mkdirSync(otherTemplateDir, { recursive: true });
    writeFileSync(pgliteTemplateFile(otherTemplateDir), 'not a tarball of a cluster');
    const again = await open(otherTemplateDir, dataDir);
    expect(await tables(again)).toEqual(['made_from_template', 'notes', 'schema_migrations']);
    expect((await again.query<{ body: string }>('SELECT body FROM notes')).rows).toEqual([{ body: 'kept' }]);
    expect(existsSync(pgliteTemplateFile(otherTemplateDir))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it.each(['on a new data directory', 'in memory'])(
    'a damaged template is deleted and the store runs initdb (%s)',
    async (where) => {
      const templateDir = freshDir('templates');
      mkdirSync(templateDir, { recursive: true });
      const file = pgliteTemplateFile(templateDir);
      writeFileSync(file, 'not a tarball of a cluster');
      const db = await open(templateDir, where === 'in memory' ? undefined : freshDir('data'));
      expect(await tables(db)).toEqual(['notes', 'schema_migrations']);
      expect(existsSync(file)).toBe(false);
      expect(warnings.join('\n')).toMatch(/could not load its template/);
    },
  );

  it('a template that cannot be written leaves the stores working, with a warning', async () => {
    const blocked = freshDir('blocked');
    writeFileSync(blocked, 'a file where the template directory should be');
    const first = await open(join(blocked, 'templates'));
    const second = await open(join(blocked, 'templates'), freshDir('data'));
    for (const db of [first, second]) expect(await tables(db)).toEqual(['notes', 'schema_migrations']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/PGlite template not kept in .*each process runs initdb once/);
  });

  it('preparePgliteTemplate (pnpm start, before its services) makes the template once', async () => {
    const templateDir = freshDir('templates');
    expect(await preparePgliteTemplate(templateDir, logger)).toBe(true);
    const written = statSync(pgliteTemplateFile(templateDir));
    expect(written.size).toBeGreaterThan(1_000_000);
    expect(await preparePgliteTemplate(templateDir, logger)).toBe(false);
    expect(statSync(pgliteTemplateFile(templateDir)).mtimeMs).toBe(written.mtimeMs);
    expect(warnings).toEqual([]);
  });
});

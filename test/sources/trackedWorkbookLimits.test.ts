/**
 * Workbook limits (issue 9 #11): an 8.9 MB workbook with a million rows took 15.6 s and 2.8 GB at
 * startup. Workbooks over the size or row limit are now refused before exceljs models them, with a
 * SourceFileError naming the file — the same outcome as a corrupt workbook today (the load stops, a
 * refresh keeps the last good copy). Workbooks are generated here, the bomb as raw sheet XML zipped
 * small.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { SourceFileError } from '../../src/errors.ts';
import { createTrackedSource } from '../../src/sources/tracked/trackedSource.ts';
import { DEFAULT_WORKBOOK_LIMITS } from '../../src/sources/tracked/workbookLimits.ts';
import { parseTrainingWorkbook } from '../../src/sources/tracked/workbookParser.ts';

const FILE = 'hostile/DynamicRoutingTraining.xlsx';
const NOW = new Date(Date.UTC(2026, 5, 1));
const FIXTURES = join(import.meta.dirname, '../../fixtures/tracked');

/** A real exceljs workbook: one subject sheet with `rows` training rows. */
async function trainingWorkbook(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('676909');
  sheet.addRow(['start time', 'rig name', 'task version']);
  for (let i = 0; i < rows; i++) {
    sheet.addRow([new Date(Date.UTC(2023, 0, 1) + i * 3_600_000), 'B2', 'stage 1']);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The bomb's shape: a valid xlsx skeleton whose one sheet holds `rows` tiny rows, deflated. */
async function zipBomb(rows: number): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="676909" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  const body: string[] = [];
  for (let r = 1; r <= rows; r++) body.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body.join('')}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

async function refusal(read: Promise<unknown>): Promise<SourceFileError> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SourceFileError);
  return error as SourceFileError;
}

describe('workbook limits', () => {
  it('a zip bomb with 300,000 rows (small on disk) is refused at the default row limit', async () => {
    const bomb = await zipBomb(300_000);
    expect(bomb.byteLength).toBeLessThan(DEFAULT_WORKBOOK_LIMITS.maxBytes);
    const error = await refusal(parseTrainingWorkbook(bomb, FILE, NOW));
    expect(error.file).toBe(FILE);
    expect(error.message).toContain(`more than ${DEFAULT_WORKBOOK_LIMITS.maxRows} rows`);
    expect(error.message).toContain('LABGRAPH_TRACKED_WORKBOOK_MAX_ROWS');
  });

  it('the row limit counts rows of real workbooks; under it they parse as before', async () => {
    const bytes = await trainingWorkbook(300);
    const limits = { maxBytes: DEFAULT_WORKBOOK_LIMITS.maxBytes, maxRows: 200 };
    const error = await refusal(parseTrainingWorkbook(bytes, FILE, NOW, limits));
    expect(error.message).toContain('more than 200 rows');
    const parsed = await parseTrainingWorkbook(bytes, FILE, NOW, { ...limits, maxRows: 301 });
    expect(parsed.rows).toHaveLength(300);
  });

  it('a workbook over the size limit is refused unread', async () => {
    const bytes = await trainingWorkbook(50);
    const error = await refusal(parseTrainingWorkbook(bytes, FILE, NOW, { maxBytes: 1024, maxRows: 1000 }));
    expect(error.message).toContain('over the limit of 1024');
    expect(error.message).toContain('LABGRAPH_TRACKED_WORKBOOK_MAX_BYTES');
  });

  it('the fixture workbooks pass the defaults', async () => {
    for (const name of ['DynamicRoutingTraining.xlsx', 'DynamicRoutingTrainingNSB.xlsx']) {
      const parsed = await parseTrainingWorkbook(await readFile(join(FIXTURES, name)), name, NOW);
      expect(parsed.rows.length).toBeGreaterThan(0);
    }
  });

  it('come from the environment', () => {
    expect(loadConfig({}).tracked.workbookLimits).toEqual(DEFAULT_WORKBOOK_LIMITS);
    const env = { LABGRAPH_TRACKED_WORKBOOK_MAX_BYTES: '4096', LABGRAPH_TRACKED_WORKBOOK_MAX_ROWS: '10' };
    expect(loadConfig(env).tracked.workbookLimits).toEqual({ maxBytes: 4096, maxRows: 10 });
  });
});

describe('a workbook over a limit at load time', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labgraph-workbook-limits-'));
    await writeFile(
      join(dir, 'tracked_sessions.yaml'),
      await readFile(join(FIXTURES, 'tracked_sessions.yaml')),
    );
    await writeFile(join(dir, 'DynamicRoutingTraining.xlsx'), await zipBomb(5_000));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stops the load naming the file, as a corrupt workbook does', async () => {
    const source = createTrackedSource({
      yaml: join(dir, 'tracked_sessions.yaml'),
      workbooks: [join(dir, 'DynamicRoutingTraining*.xlsx')],
      workbookLimits: { maxBytes: DEFAULT_WORKBOOK_LIMITS.maxBytes, maxRows: 1_000 },
    });
    const error = await refusal(source.load());
    expect(error.file).toBe(join(dir, 'DynamicRoutingTraining.xlsx'));
    expect(error.message).toContain('more than 1000 rows');
  });
});

/**
 * DocDB records of any asset and of a subject, and the asset list filters, over the real protocols
 * (CodeOcean HTTP test server, DocDB through the official driver on the wire server). Expectations
 * come from the lab model and the committed DocDB fixture; the servers count the cost.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLab, EDGE, labAssets } from '../../fixtures/generator/lab.ts';
import { startGateway } from '../support/gateway.ts';
import { gatewayOverUpstreams } from '../support/gatewayOverUpstreams.ts';
import { DOCDB_FIXTURE } from '../support/upstreams.ts';

const lab = buildLab();
const assets = labAssets(lab);
const records = readFileSync(DOCDB_FIXTURE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(
    (line) =>
      JSON.parse(line) as {
        name: string;
        subject?: { subject_id?: string };
        data_description?: { subject_id?: string };
      },
  );
const subjectOfRecord = (r: (typeof records)[number]) =>
  r.subject?.subject_id ?? r.data_description?.subject_id;

const running = gatewayOverUpstreams();

async function query<T>(text: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await running.gw.query<T>(text, variables);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

describe('DataAsset.metadata and Query.metadataRecord', () => {
  it("reaches a sorted asset's own record, with its processing and QC", async () => {
    const sorted = assets.find((a) => a.kind === 'sorted' && !a.error)!;
    const data = await query<{
      dataAsset: {
        metadata: { name: string; processing: unknown; qualityControl: { evaluations: { name: string }[] } };
      };
    }>(
      `query ($id: String!) { dataAsset(id: $id) { metadata { name processing { __typename }
        qualityControl { evaluations { name } } } } }`,
      { id: sorted.id },
    );
    expect(data.dataAsset.metadata.name).toBe(sorted.name);
    expect(data.dataAsset.metadata.processing).not.toBeNull();
    expect(data.dataAsset.metadata.qualityControl.evaluations.map((e) => e.name)).toContain('Spike sorting');
  });

  it('finds a record by name, by linked asset id, by a derived asset id; null when unknown', async () => {
    const raw = assets.find((a) => a.kind === 'raw' && a.docdb !== 'none')!;
    const derived = assets.find((a) => a.kind === 'derived' && a.docdb !== 'none')!;
    const data = await query<Record<string, { name: string } | null>>(
      `query ($name: String!, $raw: String!, $derived: String!, $bare: String!) {
        byName: metadataRecord(nameOrAssetId: $name) { name }
        byRawId: metadataRecord(nameOrAssetId: $raw) { name }
        byDerivedId: metadataRecord(nameOrAssetId: $derived) { name }
        byBareHex: metadataRecord(nameOrAssetId: $bare) { name }
        unknownName: metadataRecord(nameOrAssetId: "ecephys_999999_2020-01-01_00-00-00") { name }
        unknownId: metadataRecord(nameOrAssetId: "00000000-0000-4000-8000-00000000abcd") { name }
      }`,
      {
        name: derived.name,
        raw: raw.id,
        derived: derived.id,
        bare: raw.id.replaceAll('-', '').toUpperCase(),
      },
    );
    expect(data).toEqual({
      byName: { name: derived.name },
      byRawId: { name: raw.name },
      byDerivedId: { name: derived.name },
      byBareHex: { name: raw.name },
      unknownName: null,
      unknownId: null,
    });
  });

  it('refuses an over-long key with BAD_USER_INPUT listing what it accepts', async () => {
    const result = await running.gw.query(
      `{ metadataRecord(nameOrAssetId: "${'x'.repeat(5000)}") { name } }`,
    );
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(error?.extensions)).toContain('CodeOcean data-asset UUID');
  });
});

describe('Subject.dataAssets and Subject.metadataRecords', () => {
  it('lists every asset and record of a subject', async () => {
    const subject = EDGE.sameDaySubject;
    const data = await query<{
      subject: {
        dataAssets: { totalCount: number };
        metadataRecords: { totalCount: number; edges: { node: { name: string } }[] };
      };
    }>(
      `query ($id: String!) { subject(id: $id) {
        dataAssets(first: 100) { totalCount }
        metadataRecords(first: 100) { totalCount edges { node { name } } } } }`,
      { id: subject },
    );
    expect(data.subject.dataAssets.totalCount).toBe(assets.filter((a) => a.subject === subject).length);
    const own = records.filter((r) => subjectOfRecord(r) === subject);
    expect(data.subject.metadataRecords.totalCount).toBe(own.length);
    expect(data.subject.metadataRecords.edges.map((e) => e.node.name).sort()).toEqual(
      own.map((r) => r.name).sort(),
    );
  });

  it('the records of 10 subjects cost ONE DocDB find', async () => {
    const fresh = await startGateway(running.upstreams.env());
    try {
      running.upstreams.resetCounts();
      const data = await fresh.query<{
        subjects: { edges: { node: { metadataRecords: { totalCount: number } } }[] };
      }>('{ subjects(first: 10) { edges { node { metadataRecords(first: 1) { totalCount } } } } }');
      expect(data.errors).toBeUndefined();
      expect(data.data!.subjects.edges).toHaveLength(10);
      expect(running.upstreams.counts().finds).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('DataAssetFilter: namePrefix and text', () => {
  it('namePrefix keeps assets whose name starts with it; text needs every word somewhere', async () => {
    const session = lab.sessions.find((s) => s.id === `${EDGE.sameDaySubject}_${EDGE.sameDayDate}`)!;
    const prefix = session.aind!.name;
    const data = await query<Record<string, { totalCount: number; edges: { node: { name: string } }[] }>>(
      `query ($prefix: String!) {
        prefixed: dataAssets(first: 100, filter: { namePrefix: $prefix }) { totalCount edges { node { name } } }
        facemap: dataAssets(first: 100, filter: { text: "FACEMAP 676909" }) { totalCount edges { node { name } } }
        none: dataAssets(first: 100, filter: { text: "facemap 999999" }) { totalCount edges { node { name } } }
      }`,
      { prefix },
    );
    const expected = assets.filter((a) => a.name.startsWith(prefix)).map((a) => a.name);
    expect(data.prefixed!.edges.map((e) => e.node.name).sort()).toEqual(expected.sort());
    expect(data.facemap!.edges.map((e) => e.node.name)).toEqual(
      assets.filter((a) => a.process === 'facemap' && a.subject === EDGE.sameDaySubject).map((a) => a.name),
    );
    expect(data.none!.totalCount).toBe(0);
  });
});

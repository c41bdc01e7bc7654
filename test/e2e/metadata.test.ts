/**
 * Session.metadata end to end over real HTTP: every typed section equals the stored DocDB JSON, both
 * `external_links` formats yield their CodeOcean ids, missing things are null without errors, `raw`
 * is the stored line, one DocDB find serves a whole page, and a malformed section fails only its own
 * field (INVALID_DATA) — the latter on a temp copy of fixtures/ with doctored records.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, EDGE } from '../../fixtures/generator/lab.ts';
import { DEFAULT_FIXTURES_DIR, PROJECT_ROOT } from '../../src/config.ts';
import { createEmbeddedDocDb } from '../../src/sources/docdb/index.ts';
import { EMBEDDED_ENV, type RunningGateway, startGateway } from '../support/gateway.ts';

type Json = Record<string, unknown>;

const DOCDB_FILE = path.join(DEFAULT_FIXTURES_DIR, 'docdb', 'data_assets.jsonl');
const storedLines = (await readFile(DOCDB_FILE, 'utf8')).split('\n').filter((line) => line.trim() !== '');
const storedRecords = storedLines.map((line) => JSON.parse(line) as Json);
const storedByName = new Map(storedRecords.map((record) => [record.name as string, record]));
/** Records named after an AIND session (not a derived asset): the ones Session.metadata can return. */
const AIND_SESSION_NAME = /^(ecephys|behavior)_\d{6,7}_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}$/;
const sessionRecordNames = storedRecords
  .map((r) => r.name as string)
  .filter((n) => AIND_SESSION_NAME.test(n));

const lab = buildLab();

const METADATA_FIELDS = `
  docdbId name location created lastModified metadataStatus schemaVersion codeOceanAssetIds
  dataDescription { name label platform { name abbreviation } subjectId creationTime dataLevel
    modalities { name abbreviation } projectName institution { name abbreviation } investigators fundingSource }
  subject { subjectId sex dateOfBirth genotype species { name registryIdentifier } backgroundStrain breedingInfo alleles }
  procedures { subjectProcedures { procedureType startDate experimenterFullName protocolId iacucProtocol procedures } notes }
  session { sessionStartTime sessionEndTime sessionType rigId iacucProtocol experimenterFullName mousePlatformName
    dataStreams { streamStartTime streamEndTime modalities { name abbreviation } daqNames cameraNames }
    stimulusEpochs { stimulusStartTime stimulusEndTime stimulusName } notes }
  rig { rigId modificationDate }
  processing { sorterName processorFullName pipelineVersion pipelineUrl
    dataProcesses { name softwareVersion startDateTime endDateTime codeUrl parameters } }
  qualityControl { evaluations { name description stage modality { name abbreviation } latestStatus created tags notes metrics } notes }
  acquisition instrument raw`;

// ---- The oracle: what the stored JSON should read as, written from the fixture shapes. ----------
const obj = (value: unknown): Json => value as Json;
const list = (value: unknown): Json[] => (value ?? []) as Json[];
/** DateTimes come back as written (RFC 3339 with the lab's offsets), not re-serialised in UTC. */
const iso = (value: unknown) => (typeof value === 'string' ? value : null);
const enumName = (value: unknown) =>
  typeof value === 'string' ? value.toUpperCase().replace(/[ -]/g, '_') : null;
const named = (value: unknown) =>
  value ? { name: obj(value).name ?? null, abbreviation: obj(value).abbreviation ?? null } : null;
const or = <T>(value: unknown, read: (v: unknown) => T) => (value == null ? null : read(value));

function expectedMetadata(stored: Json) {
  const links = stored.external_links;
  const codeOceanIds = Array.isArray(links)
    ? links.map((link) => obj(link)['Code Ocean'])
    : (obj(links)['Code Ocean'] ?? []);
  return {
    docdbId: stored._id,
    name: stored.name,
    location: stored.location,
    created: iso(stored.created),
    lastModified: iso(stored.last_modified),
    metadataStatus: enumName(stored.metadata_status),
    schemaVersion: stored.schema_version,
    codeOceanAssetIds: codeOceanIds,
    dataDescription: or(stored.data_description, (d) => ({
      name: obj(d).name,
      label: obj(d).label,
      platform: named(obj(d).platform),
      subjectId: obj(d).subject_id,
      creationTime: iso(obj(d).creation_time),
      dataLevel: enumName(obj(d).data_level),
      modalities: list(obj(d).modality).map(named),
      projectName: obj(d).project_name,
      institution: named(obj(d).institution),
      investigators: list(obj(d).investigators).map((i) => i.name),
      fundingSource: list(obj(d).funding_source).map((f) => obj(f.funder).name),
    })),
    subject: or(stored.subject, (s) => ({
      subjectId: obj(s).subject_id,
      sex: enumName(obj(s).sex),
      dateOfBirth: obj(s).date_of_birth,
      genotype: obj(s).genotype,
      species: {
        name: obj(obj(s).species).name,
        registryIdentifier: obj(obj(s).species).registry_identifier,
      },
      backgroundStrain: obj(s).background_strain,
      breedingInfo: obj(s).breeding_info,
      alleles: obj(s).alleles,
    })),
    procedures: or(stored.procedures, (p) => ({
      subjectProcedures: list(obj(p).subject_procedures).map((sp) => ({
        procedureType: sp.procedure_type,
        startDate: sp.start_date,
        experimenterFullName: sp.experimenter_full_name,
        protocolId: sp.protocol_id,
        iacucProtocol: sp.iacuc_protocol,
        procedures: sp.procedures,
      })),
      notes: obj(p).notes,
    })),
    session: or(stored.session, (s) => ({
      sessionStartTime: iso(obj(s).session_start_time),
      sessionEndTime: iso(obj(s).session_end_time),
      sessionType: obj(s).session_type,
      rigId: obj(s).rig_id,
      iacucProtocol: obj(s).iacuc_protocol,
      experimenterFullName: obj(s).experimenter_full_name,
      mousePlatformName: obj(s).mouse_platform_name,
      dataStreams: list(obj(s).data_streams).map((d) => ({
        streamStartTime: iso(d.stream_start_time),
        streamEndTime: iso(d.stream_end_time),
        modalities: list(d.stream_modalities).map(named),
        daqNames: d.daq_names,
        cameraNames: d.camera_names,
      })),
      stimulusEpochs: list(obj(s).stimulus_epochs).map((e) => ({
        stimulusStartTime: iso(e.stimulus_start_time),
        stimulusEndTime: iso(e.stimulus_end_time),
        stimulusName: e.stimulus_name,
      })),
      notes: obj(s).notes,
    })),
    rig: or(stored.rig, (r) => ({ rigId: obj(r).rig_id, modificationDate: obj(r).modification_date })),
    // Raw records carry only preprocessing in a `processing_pipeline` (sorted shapes: see below).
    processing: or(stored.processing, (p) => {
      const pipeline = obj(obj(p).processing_pipeline);
      return {
        sorterName: null,
        processorFullName: pipeline.processor_full_name,
        pipelineVersion: pipeline.pipeline_version ?? null,
        pipelineUrl: pipeline.pipeline_url ?? null,
        dataProcesses: list(pipeline.data_processes).map((d) => ({
          name: d.name,
          softwareVersion: d.software_version,
          startDateTime: iso(d.start_date_time),
          endDateTime: iso(d.end_date_time),
          codeUrl: d.code_url,
          parameters: d.parameters,
        })),
      };
    }),
    qualityControl: or(stored.quality_control, (q) => ({
      evaluations: list(obj(q).evaluations).map((e) => ({
        name: e.name,
        description: e.description,
        stage: enumName(e.stage),
        modality: named(e.modality),
        latestStatus: enumName(e.latest_status),
        created: iso(e.created),
        tags: e.tags ?? [],
        notes: e.notes,
        metrics: e.metrics,
      })),
      notes: obj(q).notes,
    })),
    acquisition: stored.acquisition ?? null,
    instrument: stored.instrument ?? null,
    raw: stored,
  };
}

// ---- Gateway on the committed fixtures, with DocDB finds counted. ---------------------------------
let gw: RunningGateway;
const docdbFinds: string[] = [];
beforeAll(async () => {
  const docdb = await createEmbeddedDocDb({
    files: [DOCDB_FILE],
    onRequest: (operation) => void docdbFinds.push(operation),
  });
  gw = await startGateway(EMBEDDED_ENV, { sources: { docdb } });
});
afterAll(() => gw.close());

interface SessionPage {
  sessions: { totalCount: number; edges: { node: { id: string; metadata: Json | null } }[] };
}

async function metadataOf(ref: string, fields = METADATA_FIELDS) {
  return gw.query<{ session: { id: string; metadata: Json | null } | null }>(
    `query($ref: String!) { session(ref: $ref) { id metadata { ${fields} } } }`,
    { ref },
  );
}

describe('Session.metadata on the embedded fixtures', () => {
  it('every session with a DocDB record reads it typed, equal to the stored JSON; one find for the page', async () => {
    const before = docdbFinds.length;
    const result = await gw.query<SessionPage>(
      `{ sessions(first: 100) { totalCount edges { node { id metadata { ${METADATA_FIELDS} } } } } }`,
    );
    const findsForPage = docdbFinds.length - before;
    expect(result.errors).toBeUndefined();
    const page = result.data?.sessions;
    expect(page?.edges.length).toBe(page?.totalCount); // the whole catalog fits one page
    const found = (page?.edges ?? []).flatMap(({ node }) => (node.metadata ? [node.metadata] : []));
    expect(found.map((m) => m.name).sort()).toEqual([...sessionRecordNames].sort());
    for (const metadata of found) {
      const stored = storedByName.get(metadata.name as string);
      expect(stored).toBeDefined();
      expect(metadata).toEqual(expectedMetadata(stored as Json));
    }
    // All sessions' AIND names batched into a single DocDB request.
    expect(findsForPage).toBe(1);
  });

  it('a session reads the record named after its AIND session, typed sections matching', async () => {
    const result = await metadataOf(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}`);
    expect(result.errors).toBeUndefined();
    const metadata = result.data?.session?.metadata;
    expect(metadata?.name).toBe('ecephys_676909_2023-12-13_13-43-40');
    expect(obj(metadata?.dataDescription).dataLevel).toBe('RAW');
    expect(obj(metadata?.subject).sex).toMatch(/^(MALE|FEMALE)$/);
    expect(obj(obj(metadata?.subject).species)).toEqual({
      name: 'Mus musculus',
      registryIdentifier: 'NCBI:txid10090',
    });
    const evaluations = list(obj(metadata?.qualityControl).evaluations);
    expect(evaluations.map((e) => e.stage)).toEqual(['RAW_DATA', 'RAW_DATA']);
    expect(evaluations.every((e) => e.latestStatus === 'PASS')).toBe(true);
    // The second session that day is a different record.
    const second = await metadataOf(`${EDGE.sameDaySubject}_${EDGE.sameDayDate}_1`, 'name');
    expect(second.data?.session?.metadata?.name).toBe('ecephys_676909_2023-12-13_15-10-02');
  });

  it('the legacy external_links list still yields its CodeOcean id', async () => {
    const session = lab.sessions.find(
      (s) => s.subject === EDGE.legacyLinksSubject && s.aind?.docdb === 'list-links',
    );
    expect(session).toBeDefined();
    const stored = storedByName.get(session?.aind?.name ?? '');
    expect(Array.isArray(stored?.external_links)).toBe(true);
    const legacyId = obj(list(stored?.external_links)[0])['Code Ocean'];
    expect(legacyId).toMatch(/^[0-9a-f-]{36}$/);

    const result = await metadataOf(session?.id ?? '', 'name codeOceanAssetIds');
    expect(result.errors).toBeUndefined();
    expect(result.data?.session?.metadata).toEqual({
      name: session?.aind?.name,
      codeOceanAssetIds: [legacyId],
    });
  });

  it('a record without a subject section has subject null (status MISSING), without an error', async () => {
    const session = lab.sessions.find(
      (s) => s.subject === EDGE.noSubjectSectionSubject && s.aind?.docdb === 'no-subject',
    );
    expect(storedByName.get(session?.aind?.name ?? '')?.subject).toBeNull();
    const result = await metadataOf(
      session?.id ?? '',
      'name metadataStatus subject { subjectId } procedures { notes } session { rigId }',
    );
    expect(result.errors).toBeUndefined();
    const metadata = result.data?.session?.metadata;
    expect(metadata).toMatchObject({
      name: session?.aind?.name,
      metadataStatus: 'MISSING',
      subject: null,
      procedures: null,
    });
    expect(obj(metadata?.session).rigId).toEqual(expect.any(String));
  });

  it('a session without any DocDB record has metadata null', async () => {
    const trackedOnly = lab.sessions.find((s) => s.aind === null && s.yaml !== null);
    const result = await metadataOf(trackedOnly?.id ?? '', 'name');
    expect(result.errors).toBeUndefined();
    expect(result.data?.session).toEqual({ id: trackedOnly?.id, metadata: null });
  });

  it('the example operation schema/operations/sessionMetadata.graphql runs and reads the stored values', async () => {
    const operation = await readFile(
      path.join(PROJECT_ROOT, 'schema', 'operations', 'sessionMetadata.graphql'),
      'utf8',
    );
    const result = await gw.query<{ session: { metadata: Json } }>(operation);
    expect(result.errors).toBeUndefined();
    const metadata = result.data?.session.metadata;
    const stored = storedByName.get('ecephys_676909_2023-12-13_13-43-40') as Json;
    expect(obj(metadata?.session).sessionStartTime).toBe(obj(stored.session).session_start_time);
    expect(obj(metadata?.rig).rigId).toBe(obj(stored.rig).rig_id);
    expect(obj(metadata?.subject).genotype).toBe(obj(stored.subject).genotype);
    expect(list(obj(metadata?.qualityControl).evaluations).map((e) => e.name)).toEqual(
      list(obj(stored.quality_control).evaluations).map((e) => e.name),
    );
  });

  it('raw is the stored line, key for key', async () => {
    const name = 'ecephys_667252_2023-06-23_12-00-44';
    const line = storedLines.find((l) => (JSON.parse(l) as Json).name === name);
    const result = await metadataOf(name, 'raw');
    expect(result.errors).toBeUndefined();
    expect(result.data?.session?.metadata?.raw).toEqual(JSON.parse(line ?? 'null'));
    expect(JSON.stringify(result.data?.session?.metadata?.raw)).toBe(line);
  });
});

// ---- Doctored fixtures: malformed sections and the sorted processing shapes. ---------------------
describe('Session.metadata on doctored DocDB records', () => {
  const BROKEN = 'ecephys_676909_2023-12-14_12-43-11';
  const KILOSORT4_ON = 'ecephys_676909_2023-12-13_13-43-40';
  const NESTED_ON = 'ecephys_628801_2022-09-20_13-21-35';
  let dir: string;
  let doctored: RunningGateway;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'labgraph-metadata-'));
    await cp(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
    const processingOf = (name: string) => storedByName.get(name)?.processing;
    const lines = storedRecords.map((stored) => {
      const record = structuredClone(stored);
      // `sex` must be a string: a number makes the subject section invalid (record.ts, zod).
      if (record.name === BROKEN) {
        record.subject = { ...obj(record.subject), sex: 5 };
        // An unparseable time is a null leaf, not an error.
        record.session = { ...obj(record.session), session_end_time: 'not a time' };
      }
      // Sorted records' processing on raw records, so Session.metadata reaches those shapes.
      if (record.name === KILOSORT4_ON)
        record.processing = processingOf('ecephys_676909_2023-12-13_13-43-40_sorted_2024-01-22_02-40-40');
      if (record.name === NESTED_ON)
        record.processing = processingOf('ecephys_628801_2022-09-20_13-21-35_sorted_2023-10-25_02-40-40');
      return JSON.stringify(record);
    });
    await writeFile(path.join(dir, 'docdb', 'data_assets.jsonl'), `${lines.join('\n')}\n`);
    doctored = await startGateway({ LABGRAPH_FIXTURES_DIR: dir });
  });
  afterAll(async () => {
    await doctored?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a malformed section fails only its own field with INVALID_DATA; the rest resolves', async () => {
    const result = await doctored.query<{ broken: { metadata: Json }; fine: { metadata: Json } }>(
      `{ broken: session(ref: "${BROKEN}") { id metadata { name metadataStatus subject { sex genotype }
            session { rigId sessionStartTime sessionEndTime } rig { rigId } dataDescription { subjectId } raw } }
         fine: session(ref: "${EDGE.sameDaySubject}_${EDGE.sameDayDate}") { metadata { subject { sex } } } }`,
    );
    expect(result.errors).toHaveLength(1);
    const error = result.errors?.[0];
    expect(error?.path).toEqual(['broken', 'metadata', 'subject']);
    expect(error?.extensions?.code).toBe('INVALID_DATA');
    expect(error?.extensions?.uri).toBe(`docdb://embedded/data_assets/${BROKEN}#subject`);
    expect(error?.message).toContain(BROKEN);
    expect(error?.message).toMatch(/subject is malformed: sex/);

    const broken = result.data?.broken.metadata;
    expect(broken?.subject).toBeNull();
    expect(broken?.name).toBe(BROKEN);
    const storedSession = obj(storedByName.get(BROKEN)?.session);
    expect(obj(broken?.session)).toEqual({
      rigId: storedSession.rig_id,
      sessionStartTime: storedSession.session_start_time,
      sessionEndTime: null,
    });
    expect(obj(broken?.rig).rigId).toBe(obj(storedByName.get(BROKEN)?.rig).rig_id);
    expect(obj(broken?.dataDescription).subjectId).toBe('676909');
    expect(obj(obj(broken?.raw).subject).sex).toBe(5); // raw stays exactly as stored
    expect(obj(result.data?.fine.metadata.subject).sex).toMatch(/^(MALE|FEMALE)$/);
  });

  it('processing reads the sorter and data processes in the code.parameters and nested-list shapes', async () => {
    const fields =
      'processing { sorterName processorFullName pipelineVersion dataProcesses { name codeUrl parameters } }';
    const kilosort4 = await doctored.query<{ session: { metadata: { processing: Json } } }>(
      `{ session(ref: "${KILOSORT4_ON}") { metadata { ${fields} } } }`,
    );
    expect(kilosort4.errors).toBeUndefined();
    const ks4 = kilosort4.data?.session.metadata.processing;
    expect(ks4?.sorterName).toBe('kilosort4');
    expect(ks4?.pipelineVersion).toBe('1.0.0');
    const sorting = list(ks4?.dataProcesses).find((p) => p.name === 'Spike sorting');
    // `parameters` is empty there, so the ones under `code` are reported.
    expect(sorting?.parameters).toEqual({ sorter_name: 'kilosort4' });
    expect(sorting?.codeUrl).toMatch(/^https:\/\/github\.com\//);

    const nested = await doctored.query<{ session: { metadata: { processing: Json } } }>(
      `{ session(ref: "${NESTED_ON}") { metadata { ${fields} } } }`,
    );
    expect(nested.errors).toBeUndefined();
    const sc2 = nested.data?.session.metadata.processing;
    expect(sc2?.sorterName).toBe('spykingcircus2');
    expect(sc2?.processorFullName).toBe('AIND Scientific Computing');
    expect(list(sc2?.dataProcesses).map((p) => p.name)).toEqual(['Ephys preprocessing', 'Spike sorting']);
    expect(list(sc2?.dataProcesses)[1]?.parameters).toEqual({ sorter_name: 'spykingcircus2' });
  });
});

/**
 * The DocDB section views: each section's schema validates the keys it promises (a wrong type there
 * makes only that section invalid) and reads everything else tolerantly into camelCase fields.
 * Table-driven over odd shapes, legacy field names, string/number leniency and both `external_links`
 * formats; the record carries its own URI.
 */
import { describe, expect, it } from 'vitest';
import {
  AIND_STORE,
  type DocDbRecord,
  parseDocDbRecord,
  type RecordSection,
  SECTION_SCHEMAS,
  type SectionView,
  sectionUri,
  sectionValue,
  sessionStartOf,
  sorterNameOf,
  subjectIdOf,
} from '../../src/sources/docdb/index.ts';
import { dayOf, oneOf, timestampOf } from '../../src/sources/docdb/sections/leaves.ts';

const NAME = 'ecephys_676909_2023-12-13_13-43-40';
const UUID = '0b0a8e9c-5f39-4e0c-9d39-4c2f1a6f7a11';

function record(fields: Record<string, unknown>, store = AIND_STORE): DocDbRecord {
  const parsed = parseDocDbRecord({ _id: 'r1', name: NAME, ...fields }, undefined, store);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.record;
}

/** The view of one section parsed alone; throws when the section is invalid. */
function view<K extends RecordSection>(section: K, value: unknown): SectionView<K> {
  return SECTION_SCHEMAS[section].parse(value) as SectionView<K>;
}

describe('tolerant leaves', () => {
  it.each([
    [
      'RFC 3339 with the lab offset, kept as written',
      '2023-12-13T13:43:40-08:00',
      '2023-12-13T13:43:40-08:00',
    ],
    ['fractional seconds and Z', '2023-12-13T21:43:40.123456Z', '2023-12-13T21:43:40.123456Z'],
    ['lower-case t and z, as the scalar accepts', '2023-12-13t21:43:40z', '2023-12-13t21:43:40z'],
    ['a space for T: an instant', '2023-12-13 13:43:40', new Date('2023-12-13 13:43:40')],
    ['no offset: an instant', '2023-12-13T13:43:40', new Date('2023-12-13T13:43:40')],
    ['not a time', 'not a time', null],
    ['empty', '', null],
    ['a number', 5, null],
    ['missing', undefined, null],
  ])('timestampOf: %s', (_case, input, expected) => {
    expect(timestampOf(input)).toEqual(expected);
  });

  it.each([
    ['a day', '2022-03-01', '2022-03-01'],
    ['the day of a date-time', '2022-03-01T10:00:00-08:00', '2022-03-01'],
    ['surrounding blanks', ' 2022-03-01\t', '2022-03-01'],
    ['29 February of a leap year', '2024-02-29', '2024-02-29'],
    ['30 February', '2023-02-30', null],
    ['month 13', '2023-13-01', null],
    ['free text', 'spring 2022', null],
    ['a number', 20220301, null],
    ['null', null, null],
  ])('dayOf: %s', (_case, input, expected) => {
    expect(dayOf(input)).toBe(expected);
  });

  it.each([
    ['exact', 'Male', 'Male'],
    ['other case and spaces', '  fEMALE ', 'Female'],
    ['abbreviation is not a value', 'M', null],
    ['not text', 1, null],
  ])('oneOf: %s', (_case, input, expected) => {
    expect(oneOf(input, ['Male', 'Female'] as const)).toBe(expected);
  });
});

describe('record-level fields', () => {
  it.each([
    ['dict format', { 'Code Ocean': [UUID, UUID.toUpperCase()] }, [UUID]],
    ['legacy list format', [{ 'Code Ocean': UUID }, { Other: 'x' }], [UUID]],
    ['legacy list holding a list', [{ 'Code Ocean': [UUID] }], [UUID]],
    ['undashed upper-case UUID', { 'Code Ocean': UUID.replaceAll('-', '').toUpperCase() }, [UUID]],
    ['junk values skipped', { 'Code Ocean': ['not-a-uuid', 7, null] }, []],
    ['another type altogether', 'Code Ocean', []],
    ['missing', undefined, []],
  ])('external_links, %s → codeOceanAssetIds', (_case, links, ids) => {
    expect(record({ external_links: links }).codeOceanAssetIds).toEqual(ids);
  });

  it.each([
    ['Valid', 'Valid'],
    ['invalid', 'Invalid'],
    [' MISSING ', 'Missing'],
    ['Pending', 'Unknown'],
    [undefined, 'Unknown'],
    [3, 'Unknown'],
  ])('metadata_status %j → %s', (status, expected) => {
    expect(record({ metadata_status: status }).metadataStatus).toBe(expected);
  });

  it('keeps times as written for display and as instants for ordering', () => {
    const r = record({ created: '2023-12-14T02:00:00-08:00', last_modified: '2024-01-05 10:00:00' });
    expect(r.createdAsWritten).toBe('2023-12-14T02:00:00-08:00');
    expect(r.created).toEqual(new Date('2023-12-14T10:00:00Z'));
    expect(r.lastModifiedAsWritten).toEqual(new Date('2024-01-05 10:00:00'));
    expect(r.lastModified).toEqual(r.lastModifiedAsWritten);
    expect(record({ created: 'yesterday' })).toMatchObject({ created: null, createdAsWritten: null });
  });

  it.each([
    ['AIND DocDB', AIND_STORE, NAME, `docdb://metadata_index/data_assets/${NAME}`],
    [
      'the embedded store',
      { database: 'embedded', collection: 'data_assets' },
      NAME,
      `docdb://embedded/data_assets/${NAME}`,
    ],
    ['a name needing encoding', AIND_STORE, 'a b#c/d', 'docdb://metadata_index/data_assets/a%20b%23c%2Fd'],
  ])('each record carries its URI: %s', (_case, store, name, uri) => {
    const parsed = parseDocDbRecord({ name }, undefined, store);
    expect(parsed.ok && parsed.record.uri).toBe(uri);
    expect(parsed.ok && sectionUri(parsed.record, 'subject')).toBe(`${uri}#subject`);
  });

  it.each([
    ['not an object', [1], /not an object/],
    ['no name', { _id: 'x1' }, /x1 has no name/],
    ['an empty name', { _id: 7, name: '' }, /7 has no name/],
  ])('rejects a document that cannot be a record: %s', (_case, document, problem) => {
    const parsed = parseDocDbRecord(document);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});

describe('section states', () => {
  it('a wrong type at a promised key fails only that section; others still parse', () => {
    const r = record({
      subject: { subject_id: '676909', sex: 5 },
      data_description: { subject_id: 676909, data_level: 'raw' },
      session: null,
    });
    expect(r.sections.subject).toMatchObject({
      state: 'invalid',
      error: expect.stringMatching(/^subject is malformed: sex: /),
    });
    expect(r.sections.data_description.state).toBe('present');
    expect(r.sections.session).toEqual({ state: 'absent' });
    expect(r.sections.rig).toEqual({ state: 'absent' });
    expect(sectionValue(r, 'subject')).toBeNull();
    // The subject id falls back to data_description's, a number there read as text.
    expect(subjectIdOf(r)).toBe('676909');
  });

  it('names no values in the error, and at most three issues', () => {
    const r = record({
      session: { session_type: 1, rig_id: 2, notes: ['secret'], mouse_platform_name: 4 },
    });
    const result = r.sections.session;
    expect(result.state).toBe('invalid');
    const error = result.state === 'invalid' ? result.error : '';
    expect(error).toMatch(/\(\+1 more\)$/);
    expect(error).not.toContain('secret');
  });

  it('sections left out by the projection are notFetched', () => {
    const parsed = parseDocDbRecord({ name: NAME, subject: { sex: 'Male' } }, ['subject']);
    expect(parsed.ok && parsed.record.sections.subject.state).toBe('present');
    expect(parsed.ok && parsed.record.sections.session.state).toBe('notFetched');
  });
});

describe('section views', () => {
  it.each<[string, unknown, Partial<SectionView<'subject'>>]>([
    ['a numeric subject id', { subject_id: 676909 }, { subjectId: '676909' }],
    ['sex in another case', { sex: 'female' }, { sex: 'Female', sexAsWritten: 'female' }],
    ['a sex outside the vocabulary', { sex: 'unknown' }, { sex: null, sexAsWritten: 'unknown' }],
    ['a birth date-time', { date_of_birth: '2023-06-01T00:00:00-07:00' }, { dateOfBirth: '2023-06-01' }],
    ['an impossible birth date', { date_of_birth: '2023-06-31' }, { dateOfBirth: null }],
    [
      'species with its registry id',
      { species: { name: 'Mus musculus', registry_identifier: 'NCBI:txid10090' } },
      { species: { name: 'Mus musculus', registryIdentifier: 'NCBI:txid10090' } },
    ],
    [
      'JSON leaves as stored, missing as null',
      { alleles: [{ name: 'a' }] },
      { alleles: [{ name: 'a' }], breedingInfo: null },
    ],
  ])('subject: %s', (_case, stored, expected) => {
    expect(view('subject', stored)).toMatchObject(expected);
  });

  it.each<[string, unknown, Partial<SectionView<'data_description'>>]>([
    [
      'v1 `modality`',
      { modality: [{ name: 'Extracellular electrophysiology', abbreviation: 'ecephys' }] },
      { modalities: [{ name: 'Extracellular electrophysiology', abbreviation: 'ecephys' }] },
    ],
    [
      'v2 `modalities`',
      { modalities: [{ abbreviation: 'behavior' }] },
      { modalities: [{ name: null, abbreviation: 'behavior' }] },
    ],
    ['data level in another case', { data_level: 'Derived' }, { dataLevel: 'derived' }],
    ['an unknown data level', { data_level: 'simulated' }, { dataLevel: null }],
    [
      'funders as objects or bare names',
      { funding_source: [{ funder: { name: 'NIH' } }, { funder: 'AIND' }, 'junk'] },
      { fundingSource: ['NIH', 'AIND'] },
    ],
    [
      'investigators without names skipped',
      { investigators: [{ name: 'Ada' }, {}] },
      { investigators: ['Ada'] },
    ],
    ['a mistyped label is null', { label: 42 }, { label: null }],
    ['nothing', {}, { name: null, platform: null, modalities: [], investigators: [], fundingSource: [] }],
  ])('data_description: %s', (_case, stored, expected) => {
    expect(view('data_description', stored)).toMatchObject(expected);
  });

  it.each([
    ['a bare-string platform', { platform: 'ecephys' }, 'platform'],
    ['modalities as strings', { modality: ['ecephys'] }, 'modality.0'],
    ['a numeric project name', { project_name: 7 }, 'project_name'],
  ])('data_description is invalid with %s', (_case, stored, path) => {
    const r = record({ data_description: stored });
    expect(r.sections.data_description).toMatchObject({
      state: 'invalid',
      error: expect.stringContaining(`${path}: `),
    });
  });

  it('session: times as written, odd leaves tolerated, lists defaulted', () => {
    const session = view('session', {
      session_start_time: '2023-12-13T13:43:40-08:00',
      session_end_time: 'not a time',
      iacuc_protocol: 2109,
      data_streams: [
        { stream_modalities: [{ abbreviation: 'ecephys' }], daq_names: ['Sync', 3], camera_names: 'Eye' },
      ],
      stimulus_epochs: [{ stimulus_name: 'RFMapping', stimulus_start_time: '2023-12-13 14:00:00' }],
    });
    expect(session).toMatchObject({
      sessionStartTime: '2023-12-13T13:43:40-08:00',
      sessionEndTime: null,
      iacucProtocol: null,
      experimenterFullName: [],
      dataStreams: [
        { modalities: [{ name: null, abbreviation: 'ecephys' }], daqNames: ['Sync'], cameraNames: [] },
      ],
      stimulusEpochs: [
        {
          stimulusName: 'RFMapping',
          stimulusStartTime: new Date('2023-12-13 14:00:00'),
          stimulusEndTime: null,
        },
      ],
    });
  });

  it('procedures and rig: days validated, extra leaves read as text', () => {
    expect(
      view('procedures', {
        subject_procedures: [
          { procedure_type: 'Surgery', start_date: '2023-10-02', protocol_id: 'doi', iacuc_protocol: 2104 },
        ],
      }),
    ).toEqual({
      subjectId: null,
      notes: null,
      subjectProcedures: [
        {
          procedureType: 'Surgery',
          startDate: '2023-10-02',
          experimenterFullName: null,
          protocolId: 'doi',
          iacucProtocol: null,
          procedures: null,
        },
      ],
    });
    expect(view('rig', { rig_id: '323_EPHYS1_20231003', modification_date: '2023-10-03' })).toEqual({
      rigId: '323_EPHYS1_20231003',
      modificationDate: '2023-10-03',
    });
  });

  const spikeSorting = (parameters: unknown, code?: unknown) => ({ name: 'Spike sorting', parameters, code });
  it.each<[string, unknown, string | null, unknown]>([
    [
      'parameters.sorter_name',
      { processing_pipeline: { data_processes: [spikeSorting({ sorter_name: 'kilosort2_5' })] } },
      'kilosort2_5',
      { sorter_name: 'kilosort2_5' },
    ],
    [
      'code.parameters when parameters are empty',
      {
        processing_pipeline: {
          data_processes: [spikeSorting({}, { url: 'https://x', parameters: { sorter_name: 'kilosort4' } })],
        },
      },
      'kilosort4',
      { sorter_name: 'kilosort4' },
    ],
    [
      'nested lists in top-level data_processes',
      { data_processes: [[spikeSorting({ sorter_name: 'spykingcircus2' })]] },
      'spykingcircus2',
      { sorter_name: 'spykingcircus2' },
    ],
    [
      'no sorter (failed run)',
      { processing_pipeline: { data_processes: [spikeSorting({ other: 1 })] } },
      null,
      { other: 1 },
    ],
  ])('processing: sorter from %s', (_case, stored, sorter, parameters) => {
    const processing = view('processing', stored);
    expect(processing.sorterName).toBe(sorter);
    expect(processing.dataProcesses[0]?.parameters).toEqual(parameters);
    expect(sorterNameOf(record({ processing: stored }))).toBe(sorter);
  });

  it('processing: processes in order, code URL from either place, processor from either place', () => {
    const processing = view('processing', {
      processing_pipeline: {
        processor_full_name: 'AIND Scientific Computing',
        pipeline_url: 'https://github.com/x/pipeline',
        data_processes: [
          { name: 'Ephys preprocessing', code_url: 'https://a', start_date_time: '2024-01-22T02:40:40Z' },
        ],
      },
      data_processes: [{ name: 'Other', code: { url: 'https://b' } }, 'junk'],
    });
    expect(processing).toMatchObject({
      processorFullName: 'AIND Scientific Computing',
      pipelineVersion: null,
      pipelineUrl: 'https://github.com/x/pipeline',
      dataProcesses: [
        {
          name: 'Ephys preprocessing',
          codeUrl: 'https://a',
          startDateTime: '2024-01-22T02:40:40Z',
          parameters: null,
        },
        { name: 'Other', codeUrl: 'https://b', startDateTime: null },
      ],
    });
    expect(view('processing', { processor_full_name: 'Legacy' }).processorFullName).toBe('Legacy');
  });

  it.each<[string, unknown, Partial<SectionView<'quality_control'>['evaluations'][number]>]>([
    [
      'stage and status in other cases',
      { stage: 'raw DATA', latest_status: 'pass' },
      { stage: 'Raw data', latestStatus: 'Pass' },
    ],
    [
      'unknown stage and status',
      { stage: 'Later', latest_status: 'Maybe' },
      { stage: null, latestStatus: null },
    ],
    ['tags tolerated', { tags: ['probe', 1] }, { tags: ['probe'] }],
    [
      'metrics as stored',
      { metrics: [{ name: 'yield', value: 0.9 }] },
      { metrics: [{ name: 'yield', value: 0.9 }] },
    ],
  ])('quality_control evaluation: %s', (_case, stored, expected) => {
    expect(view('quality_control', { evaluations: [stored] }).evaluations[0]).toMatchObject(expected);
  });

  it('acquisition and instrument keep their documents; the session start falls back to acquisition', () => {
    const r = record({
      acquisition: { acquisition_start_time: '2024-02-01T09:00:00-08:00', subject_id: 700001, extra: [1] },
      instrument: { instrument_id: 'SmartSPIM1', extra: true },
    });
    expect(sectionValue(r, 'acquisition')?.document).toEqual({
      acquisition_start_time: '2024-02-01T09:00:00-08:00',
      subject_id: '700001',
      extra: [1],
    });
    expect(sectionValue(r, 'instrument')).toEqual({
      instrumentId: 'SmartSPIM1',
      document: { instrument_id: 'SmartSPIM1', extra: true },
    });
    expect(sessionStartOf(r)).toEqual(new Date('2024-02-01T17:00:00Z'));
  });

  it.each([
    [
      'session start first',
      { session: { session_start_time: '2023-12-13T13:43:40-08:00' } },
      new Date('2023-12-13T21:43:40Z'),
    ],
    [
      'a raw record’s creation time',
      { data_description: { data_level: 'raw', creation_time: '2023-12-13T13:43:40-08:00' } },
      new Date('2023-12-13T21:43:40Z'),
    ],
    [
      'not a derived record’s creation time',
      { data_description: { data_level: 'derived', creation_time: '2024-01-01T00:00:00Z' } },
      null,
    ],
  ])('sessionStartOf: %s', (_case, fields, expected) => {
    expect(sessionStartOf(record(fields))).toEqual(expected);
  });
});

/**
 * The costly part of a session filter: checks on facts an upstream holds (registry, DocDB,
 * CodeOcean, task files), compiled once and ordered cheapest first, so each stage narrows the
 * sessions the next, dearer one reads (src/services/sessionList.ts looks the facts up).
 */
import {
  BEHAVIOUR_FLAGS,
  type CostlyCheck,
  type CostlyFacts,
  type DatasetFilterFact,
  type SessionFilterInput,
  VIDEO_FLAGS,
} from './sessionFilterTypes.ts';
import {
  DATASET_TYPE_FORMS,
  GENOTYPE_FORMS,
  KEYWORD_FORMS,
  readDprimeThreshold,
  readLab,
  readPiece,
  readToken,
} from './sessionFilterValues.ts';

/** lab and taskProtocol: the registry's facts, one query for all the sessions left. */
function registrationCheck(filter: SessionFilterInput): CostlyCheck | null {
  const lab = filter.lab == null ? null : readLab(filter.lab);
  const protocol = filter.taskProtocol == null ? null : readPiece('taskProtocol', filter.taskProtocol);
  if (lab === null && protocol === null) return null;
  return {
    fact: 'registration',
    appliesTo: () => true,
    matches: (_s, { registration }) =>
      (lab === null || registration?.lab?.toLowerCase() === lab) &&
      (protocol === null || (registration?.taskProtocol?.toLowerCase().includes(protocol) ?? false)),
  };
}

/** The filter's checks on upstream facts, cheapest first; the catalog's rig and task version are read already. */
export function compileCostlyChecks(
  filter: SessionFilterInput,
  rigMatches: ((rig: string) => boolean) | null,
  taskVersion: string | null,
): CostlyCheck[] {
  const checks: CostlyCheck[] = [];
  const always = () => true;
  if (filter.isSurfaceChannels != null) {
    const wanted = filter.isSurfaceChannels;
    checks.push({
      fact: 'surfaceChannels',
      appliesTo: always,
      matches: (_s, f) => f.surfaceChannels === wanted,
    });
  }
  const registration = registrationCheck(filter);
  if (registration !== null) checks.push(registration);
  const datasets = datasetCheck(filter);
  if (datasets)
    checks.push({
      fact: 'datasets',
      appliesTo: always,
      matches: (_s, facts) => datasets(facts.datasets ?? []),
    });
  if (filter.genotypeContains != null) {
    const piece = readToken('genotypeContains', filter.genotypeContains, /\S/, GENOTYPE_FORMS).toLowerCase();
    checks.push({
      fact: 'genotype',
      appliesTo: always,
      matches: (_s, { genotype }) => genotype?.toLowerCase().includes(piece) ?? false,
    });
  }
  for (const fact of ['isUploaded', 'isSorted'] as const) {
    const wanted = filter[fact];
    if (wanted == null) continue;
    checks.push({ fact, appliesTo: always, matches: (_s, facts) => facts[fact] === wanted });
  }
  const video = videoCheck(filter);
  if (video) checks.push({ fact: 'videoProcessing', appliesTo: always, matches: (_s, f) => video(f) });
  if (filter.isAnnotated != null) {
    const wanted = filter.isAnnotated;
    checks.push({ fact: 'isAnnotated', appliesTo: always, matches: (_s, f) => f.isAnnotated === wanted });
  }
  const flags = BEHAVIOUR_FLAGS.filter((flag) => filter[flag] != null);
  const keyword =
    filter.keyword == null
      ? null
      : readToken('keyword', filter.keyword, /^[A-Za-z0-9_]+$/, KEYWORD_FORMS).toLowerCase();
  const dprime =
    filter.crossModalityDprimeAtLeast == null ? null : readDprimeThreshold(filter.crossModalityDprimeAtLeast);
  if (
    flags.length > 0 ||
    keyword !== null ||
    rigMatches !== null ||
    taskVersion !== null ||
    dprime !== null
  ) {
    const needsTask = flags.length > 0 || keyword !== null || dprime !== null;
    const fromFile = (sheetValue: string | null, wanted: unknown) => wanted !== null && sheetValue === null;
    checks.push({
      fact: 'behaviour',
      appliesTo: (s) => needsTask || fromFile(s.rig, rigMatches) || fromFile(s.taskVersion, taskVersion),
      matches: (s, { behaviour }) => {
        if (!behaviour) return false;
        if (rigMatches !== null && s.rig === null) {
          if (behaviour.rigName === null || !rigMatches(behaviour.rigName)) return false;
        }
        if (taskVersion !== null && s.taskVersion === null) {
          if (!(behaviour.taskVersion?.toLowerCase().includes(taskVersion) ?? false)) return false;
        }
        return (
          flags.every((flag) => behaviour[flag] === filter[flag]) &&
          (keyword === null || behaviour.keywords.some((k) => k.toLowerCase() === keyword)) &&
          (dprime === null ||
            (behaviour.crossModalityDprime !== null && behaviour.crossModalityDprime >= dprime))
        );
      },
    });
  }
  return checks;
}

/** isDlcSide…isDlc: each asked flag equals whether any of its processing kinds ran. Null when none is asked. */
function videoCheck(filter: SessionFilterInput): ((facts: CostlyFacts) => boolean) | null {
  const asked = (Object.keys(VIDEO_FLAGS) as (keyof typeof VIDEO_FLAGS)[]).filter((f) => filter[f] != null);
  if (asked.length === 0) return null;
  return ({ videoProcessing }) =>
    videoProcessing != null &&
    asked.every((flag) => VIDEO_FLAGS[flag].some((kind) => videoProcessing[kind]) === filter[flag]);
}

/**
 * ONE's `datasets` search term and `dataset_qc_lte`: every listed type has a registered dataset that
 * exists (and whose QC is at most the limit, when given); with a QC limit alone, some dataset has
 * QC at most the limit. Null when the filter asks neither.
 */
function datasetCheck(
  filter: SessionFilterInput,
): ((datasets: readonly DatasetFilterFact[]) => boolean) | null {
  const types = filter.hasDataset?.length
    ? [...new Set(filter.hasDataset.map((type) => readToken('hasDataset', type, /\S/, DATASET_TYPE_FORMS)))]
    : null;
  const qcAtMost = filter.datasetQcAtMost ?? null;
  if (types === null && qcAtMost === null) return null;
  const qcOk = (d: DatasetFilterFact) => qcAtMost === null || d.qc <= qcAtMost;
  if (types === null) return (datasets) => datasets.some(qcOk);
  return (datasets) =>
    types.every((type) => datasets.some((d) => d.datasetType === type && d.exists && qcOk(d)));
}

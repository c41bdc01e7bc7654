/**
 * A session's behaviour: its stim files (one object-store listing per subject for a whole batch), its
 * task tables (the behaviour service reads each task file once per process, by ETag), and the flags
 * and keywords that combine them with the catalog and the subject's genotype. The loaders batch
 * these per request (src/loaders/); each fails only the sessions it cannot serve.
 */
import { createHash } from 'node:crypto';
import { numericColumn } from '../domain/columns.ts';
import type { BehaviourFilterFacts, BehaviourFlag } from '../domain/sessionFilter.ts';
import { BEHAVIOUR_FLAGS } from '../domain/sessionFilterTypes.ts';
import { meanCrossModalityDprime } from '../domain/sessionFilterValues.ts';
import type { Flag, SessionFlags } from '../domain/sessionFlags.ts';
import { ObjectNotFoundError } from '../errors.ts';
import type { SessionStimFiles } from '../sources/objectstore/index.ts';
import { type BehaviourService, etagKey, type KeptFilterFacts, type SessionTask } from './behaviour.ts';
import {
  type BehaviourFacts,
  behaviourFacts,
  daySessionsOf,
  isTaskDisabled,
  sessionTaskOptions,
} from './behaviourFacts.ts';
import type { CatalogSession, SessionCatalog } from './catalog.ts';
import { fallbackOnOutage, type OutageLog, settleEach, unknownIfInvalid } from './partial.ts';
import type { RequestReads } from './reads.ts';
import { sessionStimFiles } from './stimFiles.ts';
import { genotypeOf } from './subject.ts';

export interface SessionBehaviourDeps {
  behaviour: BehaviourService;
  catalog: SessionCatalog;
  reads: Pick<
    RequestReads,
    'subjectRecord' | 'registrySubject' | 'stimFilesBySession' | 'taskBySession' | 'behaviourFactsBySession'
  >;
  /** Told when an outage was stood in for (the answer is then not complete). */
  outages: OutageLog;
}

/**
 * Wild type or not decides opto_perturbation vs opto_control. If DocDB is down, the sheet's
 * genotype stands in rather than failing every behaviour field on a DocDB outage.
 */
async function genotypeForFlags(session: CatalogSession, deps: SessionBehaviourDeps): Promise<string | null> {
  const subject = (await deps.catalog.snapshot()).subjectById.get(session.subject);
  if (!subject) return null;
  return genotypeOf(subject, deps.reads).catch(
    fallbackOnOutage(() => subject.training?.genotype ?? null, deps.outages.record),
  );
}

/** Each session's stim files, with ONE listing per subject for the whole batch. */
export async function stimFilesOfSessions(
  sessions: readonly CatalogSession[],
  { behaviour, catalog }: Pick<SessionBehaviourDeps, 'behaviour' | 'catalog'>,
): Promise<(SessionStimFiles | Error)[]> {
  const snapshot = await catalog.snapshot();
  const listings = new Map<string, ReturnType<typeof behaviour.listSubjectFolder>>();
  for (const { subject } of sessions) {
    if (!listings.has(subject)) listings.set(subject, behaviour.listSubjectFolder(subject));
  }
  return settleEach(sessions, async (session) => {
    const listing = (await listings.get(session.subject)) ?? [];
    return sessionStimFiles(
      listing,
      session,
      daySessionsOf(session, snapshot),
      behaviour.folderOf(session.subject),
    );
  });
}

/** The session's task tables; null when it has no task file (or `is_task: false`). */
export async function sessionTaskOf(
  session: CatalogSession,
  deps: SessionBehaviourDeps,
): Promise<SessionTask | null> {
  if (isTaskDisabled(session)) return null;
  const { taskFile } = await deps.reads.stimFilesBySession.load(session);
  if (!taskFile) return null;
  const options = sessionTaskOptions(session, await genotypeForFlags(session, deps));
  try {
    return await deps.behaviour.sessionTask(taskFile, options);
  } catch (error) {
    // Listed, then gone before the download: as missing as a file never written.
    if (error instanceof ObjectNotFoundError) return null;
    throw error;
  }
}

/** Flags and keywords from the catalog, the subject and the task file. */
export async function behaviourFactsOf(
  session: CatalogSession,
  deps: SessionBehaviourDeps,
): Promise<BehaviourFacts> {
  const task = await deps.reads.taskBySession.load(session);
  const { subjectById } = await deps.catalog.snapshot();
  return behaviourFacts(
    session,
    subjectById.get(session.subject) ?? null,
    await genotypeForFlags(session, deps),
    task,
  );
}

/**
 * What a session filter reads of the session's behaviour (flags, keywords, the task's rig, task
 * version and mean cross-modality d′), computed as Session's fields compute them and kept by the
 * behaviour service under everything they depend on: the session's catalog entry, its subject's
 * genotype and training sheet, and its task file's name and ETag. Once kept, a lookup costs the
 * (cached) listing and genotype, not the task file's tables. null (unknown: matches no filter value)
 * when the task file cannot be read, kept too: that is a property of the content at its ETag. Nothing is kept while the request
 * stands in for an outage.
 */
export async function behaviourFilterFactsOf(
  session: CatalogSession,
  deps: SessionBehaviourDeps,
): Promise<BehaviourFilterFacts | null> {
  const [{ taskFile }, genotype, { subjectById }] = await Promise.all([
    deps.reads.stimFilesBySession.load(session),
    genotypeForFlags(session, deps),
    deps.catalog.snapshot(),
  ]);
  const inTrainingSheets = (subjectById.get(session.subject)?.training ?? null) !== null;
  const inputs = [
    session,
    genotype,
    inTrainingSheets,
    taskFile && [taskFile.fileName, etagKey(taskFile.info)],
  ];
  const key = createHash('sha256').update(JSON.stringify(inputs)).digest('base64url');
  const derive = async (): Promise<KeptFilterFacts> => ({ facts: await unknownIfInvalid(compute) });
  const compute = async (): Promise<BehaviourFilterFacts> => {
    const [{ flags, keywords }, task] = await Promise.all([
      deps.reads.behaviourFactsBySession.load(session),
      deps.reads.taskBySession.load(session),
    ]);
    return {
      ...(Object.fromEntries(BEHAVIOUR_FLAGS.map((flag) => [flag, flags[flag]])) as Record<
        BehaviourFlag,
        Flag
      >),
      keywords,
      rigName: task?.data.rigName ?? null,
      taskVersion: task?.data.taskVersion ?? null,
      crossModalityDprime: task
        ? meanCrossModalityDprime(numericColumn(task.performance, 'cross_modality_dprime'))
        : null,
    };
  };
  // The genotype above is the only stand-in the facts can hold, and it is recorded before this point.
  const kept = deps.outages.sources.size > 0 ? await derive() : await deps.behaviour.filterFacts(key, derive);
  return kept.facts;
}

/**
 * A session flag (Session.isTask, isOpto, isTraining…): src/domain/sessionFlags.ts over the tracked
 * entry's kwargs, the session's task file (objectStore.list of the subject's folder, then the file,
 * read once per ETag) and the subject's genotype. E.g. isTask: the `is_task` kwarg, else whether the
 * session has a task file.
 */
export async function sessionFlag(
  session: CatalogSession,
  name: keyof SessionFlags,
  reads: Pick<RequestReads, 'behaviourFactsBySession'>,
): Promise<SessionFlags[keyof SessionFlags]> {
  return (await reads.behaviourFactsBySession.load(session)).flags[name];
}

/** Session.keywords: the NWB keywords of the session's flags, issues, epochs and experiment day. */
export async function sessionKeywords(
  session: CatalogSession,
  reads: Pick<RequestReads, 'behaviourFactsBySession'>,
): Promise<string[]> {
  return (await reads.behaviourFactsBySession.load(session)).keywords;
}

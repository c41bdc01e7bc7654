/**
 * Loaders for the behaviour fields (stim files, task tables, flags and keywords), per request.
 *
 * stimFilesBySession batches a list of sessions into ONE object-store listing per subject; the task
 * tables come from the behaviour service, which reads each task file once per process (cached by
 * ETag). Each loader fails only the sessions it cannot serve: a broken task file rejects that
 * session's key with its InvalidDataError, while the rest of the batch resolves.
 */
import DataLoader from 'dataloader';
import type { SessionTask } from '../behaviour/service.ts';
import {
  type BehaviourFacts,
  behaviourFacts,
  daySessionsOf,
  isTaskDisabled,
  sessionTaskOptions,
} from '../behaviour/sessionFacts.ts';
import { sessionStimFiles } from '../behaviour/stimFiles.ts';
import type { CatalogSession, CatalogSubject } from '../catalog/sessionCatalog.ts';
import type { GatewayServices } from '../context.ts';
import { UpstreamError } from '../errors.ts';
import { ObjectNotFoundError, type SessionStimFiles } from '../sources/objectstore/index.ts';

export interface BehaviourLoaders {
  /** The session's stim files (task file + others) from its subject's folder. */
  stimFilesBySession: DataLoader<CatalogSession, SessionStimFiles, string>;
  /** The session's task tables; null when it has no task file (or `is_task: false`). */
  taskBySession: DataLoader<CatalogSession, SessionTask | null, string>;
  /** Flags and keywords from the catalog, the subject and the task file. */
  behaviourFactsBySession: DataLoader<CatalogSession, BehaviourFacts, string>;
}

const bySessionId = { cacheKeyFn: (s: CatalogSession) => s.id };

/** Each key's own outcome: an Error for the keys that failed, so the others still resolve. */
const settle = <K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> =>
  Promise.all(keys.map((key) => load(key).catch((error: unknown) => asError(error))));

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** The subject's genotype as Subject.genotype gives it (DocDB first, then the training sheet). */
export type GenotypeOf = (subject: CatalogSubject) => Promise<string | null>;

export function createBehaviourLoaders(services: GatewayServices, genotypeOf: GenotypeOf): BehaviourLoaders {
  const service = services.behaviour;
  const { catalog } = services;
  /**
   * Wild type or not decides opto_perturbation vs opto_control. If DocDB is down, the sheet's
   * genotype stands in rather than failing every behaviour field on a DocDB outage.
   */
  const genotypeFor = async (session: CatalogSession): Promise<string | null> => {
    const subject = (await catalog.snapshot()).subjectById.get(session.subject);
    if (!subject) return null;
    return genotypeOf(subject).catch((error: unknown) => {
      if (error instanceof UpstreamError) return subject.training?.genotype ?? null;
      throw error;
    });
  };

  const stimFilesBySession = new DataLoader<CatalogSession, SessionStimFiles, string>(async (sessions) => {
    const snapshot = await catalog.snapshot();
    const listings = new Map<string, ReturnType<typeof service.listSubjectFolder>>();
    for (const { subject } of sessions) {
      if (!listings.has(subject)) listings.set(subject, service.listSubjectFolder(subject));
    }
    return settle(sessions, async (session) => {
      const listing = (await listings.get(session.subject)) ?? [];
      return sessionStimFiles(
        listing,
        session,
        daySessionsOf(session, snapshot),
        service.folderOf(session.subject),
      );
    });
  }, bySessionId);

  const loadTask = async (session: CatalogSession): Promise<SessionTask | null> => {
    if (isTaskDisabled(session)) return null;
    const { taskFile } = await stimFilesBySession.load(session);
    if (!taskFile) return null;
    const options = sessionTaskOptions(session, await genotypeFor(session));
    try {
      return await service.sessionTask(taskFile, options);
    } catch (error) {
      // Listed, then gone before the download: as missing as a file never written.
      if (error instanceof ObjectNotFoundError) return null;
      throw error;
    }
  };
  const taskBySession = new DataLoader<CatalogSession, SessionTask | null, string>(
    (sessions) => settle(sessions, loadTask),
    bySessionId,
  );

  const behaviourFactsBySession = new DataLoader<CatalogSession, BehaviourFacts, string>(
    (sessions) =>
      settle(sessions, async (session) => {
        const task = await taskBySession.load(session);
        const { subjectById } = await catalog.snapshot();
        return behaviourFacts(
          session,
          subjectById.get(session.subject) ?? null,
          await genotypeFor(session),
          task,
        );
      }),
    bySessionId,
  );

  return { stimFilesBySession, taskBySession, behaviourFactsBySession };
}

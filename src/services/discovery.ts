/**
 * Discovers the AIND sessions of the lab's subjects: DocDB record names (optionally only the
 * configured projects) and the CodeOcean assets of every known subject (bulk searches naming up to
 * 100 subjects each, paged as the API pages; see the CodeOcean source's `subjectSearches`). A source that is down leaves the catalog degraded, not broken: tracked sessions
 * are still served, the source's last good answer (if any) stands in for it, and the outage is reported.
 */

import { ANY_YEAR_UPSTREAM, parseAindSessionName } from '../domain/aindSessionName.ts';
import type { AindSighting } from '../domain/sessionIndex.ts';
import type { UpstreamError } from '../errors.ts';
import { type DataAsset, sessionNameOf, subjectOf } from '../sources/codeocean/index.ts';
import { type DocDbRecord, subjectIdOf } from '../sources/docdb/index.ts';
import type { Sources } from '../sources/index.ts';
import { fallbackOnOutage } from './partial.ts';

export interface Discovery {
  sightings: AindSighting[];
  /** Every asset of the subjects in scope (CodeOcean), newest last. */
  assets: DataAsset[];
  /** Subjects DocDB or CodeOcean know about, beyond the tracked ones. */
  subjects: Set<string>;
  degraded: UpstreamError[];
  /** What each upstream answered, or its last good answer while it is down: the next build's fallback. */
  answers: UpstreamAnswers;
}

export interface UpstreamAnswers {
  records: DocDbRecord[];
  assetsBySubject: Map<string, DataAsset[]>;
}

function sightingOf(name: string, source: AindSighting['source']): AindSighting | null {
  try {
    const aind = parseAindSessionName(name, ANY_YEAR_UPSTREAM);
    return (
      aind && {
        name: aind.id,
        platform: aind.platform,
        subject: aind.subject,
        date: aind.date,
        time: aind.time,
        source,
      }
    );
  } catch {
    return null; // an AIND-looking name with an impossible date is not a session
  }
}

async function docdbRecords(sources: Sources, projects: readonly string[]): Promise<DocDbRecord[]> {
  const filters = projects.length > 0 ? projects.map((projectName) => ({ projectName })) : [{}];
  const pages = await Promise.all(
    filters.map((filter) => sources.docdb.find({ filter, projection: ['data_description', 'subject'] })),
  );
  return pages.flat();
}

export async function discoverAindSessions(
  sources: Sources,
  /** Awaited only once DocDB has been asked: the caller may still be reading the sheets. */
  trackedSubjects: Promise<readonly string[]> | readonly string[],
  options: { docdbProjects: readonly string[]; extraSubjects: readonly string[] },
  lastGood?: UpstreamAnswers,
): Promise<Discovery> {
  const degraded: UpstreamError[] = [];
  const recordOutage = (outage: UpstreamError) => void degraded.push(outage);

  const listing = docdbRecords(sources, options.docdbProjects).catch(
    fallbackOnOutage((): DocDbRecord[] => lastGood?.records ?? [], recordOutage),
  );
  // Both settle before either is used: a failed sheet must not leave DocDB's answer unobserved.
  const [records, tracked] = await Promise.all([listing, trackedSubjects]);
  const subjects = new Set<string>(options.extraSubjects);
  for (const record of records) {
    const subject = subjectIdOf(record);
    if (subject) subjects.add(subject);
  }
  const allSubjects = [...new Set([...tracked, ...subjects])].sort();
  const bySubject = await sources.codeocean
    .getSubjectsDataAssets(allSubjects)
    .catch(fallbackOnOutage(() => lastGood?.assetsBySubject ?? new Map<string, DataAsset[]>(), recordOutage));
  const assets = [...bySubject.values()].flat().sort((a, b) => a.created.getTime() - b.created.getTime());
  for (const asset of assets) {
    const subject = subjectOf(asset);
    if (subject) subjects.add(subject);
  }

  const sightings = [
    ...records.map((r) => sightingOf(r.name, 'docdb')),
    ...assets.map((a) => {
      const name = sessionNameOf(a);
      return name ? sightingOf(name, 'codeocean') : null;
    }),
  ].filter((s) => s !== null);
  return { sightings, assets, subjects, degraded, answers: { records, assetsBySubject: bySubject } };
}

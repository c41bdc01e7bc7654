/**
 * The DocDB cache keys a query by what it matches: list clauses (names, subject ids, asset ids) match
 * any of their values, so the same values in another order or repeated are one query — one upstream
 * find, one answer. Counted in upstream requests.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { createEmbeddedDocDb, type DocDbOperation, withDocDbCache } from '../../src/sources/docdb/index.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'docdb', 'data_assets.jsonl');

describe('withDocDbCache', () => {
  it('answers the same list clause in another order from the cache', async () => {
    const requests: DocDbOperation[] = [];
    const source = withDocDbCache(
      await createEmbeddedDocDb({ files: [FIXTURES], onRequest: (op) => void requests.push(op) }),
    );
    const all = await source.find({ filter: {}, projection: ['subject'] });
    const subjects = [...new Set(all.map((r) => r.name.split('_')[1] ?? ''))].filter((s) => /^\d+$/.test(s));
    expect(subjects.length).toBeGreaterThan(3);
    const [a, b, c] = subjects as [string, string, string];
    const before = requests.length;
    const first = await source.find({ filter: { subjectIds: [a, b, c] }, projection: ['subject'] });
    const reordered = await source.find({ filter: { subjectIds: [c, a, b, a] }, projection: ['subject'] });
    expect(requests.length - before).toBe(1);
    expect(reordered).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    // Another set of values is another query.
    await source.find({ filter: { subjectIds: [a, b] }, projection: ['subject'] });
    expect(requests.length - before).toBe(2);
  });
});

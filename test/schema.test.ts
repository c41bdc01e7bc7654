import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.ts';
import { printedSchema, printedSubgraphSchema } from '../src/resolvers/schema.ts';

const committed = (file: string) => readFileSync(path.join(PROJECT_ROOT, 'schema', file), 'utf8');

describe('committed SDL', () => {
  it('schema/schema.graphql matches the builder (run `npm run schema` when this fails)', () => {
    expect(committed('schema.graphql')).toBe(printedSchema());
  });

  it('schema/subgraph.graphql matches the federation subgraph (run `npm run schema` when this fails)', () => {
    expect(committed('subgraph.graphql')).toBe(printedSubgraphSchema());
  });

  it('the plain schema has no federation in it; the subgraph SDL keys the four entities by id', () => {
    expect(committed('schema.graphql')).not.toMatch(/@key|@link|_entities|_service|_Any/);
    const keyed = [...committed('subgraph.graphql').matchAll(/^type (\w+)[^{]*\n\s+@key\(fields: "id"\)/gm)];
    expect(keyed.map((m) => m[1]).sort()).toEqual(['DataAsset', 'Dataset', 'Session', 'Subject']);
  });
});

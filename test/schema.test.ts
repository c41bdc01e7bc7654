import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.ts';
import { printedSchema } from '../src/resolvers/schema.ts';

describe('committed SDL', () => {
  it('schema/schema.graphql matches the builder (run `npm run schema` when this fails)', () => {
    const committed = readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(printedSchema());
  });
});

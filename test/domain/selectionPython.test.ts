/**
 * Other languages can reproduce a selection: examples/labgraph_selection.py (standard library only)
 * re-draws every published vector. Skips with a message where /usr/bin/python3 is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SELECTION_VECTORS } from '../support/selectionVectors.ts';

const PYTHON = '/usr/bin/python3';
const HAS_PYTHON = existsSync(PYTHON);

describe('the Python reimplementation', () => {
  it.skipIf(!HAS_PYTHON)(
    HAS_PYTHON
      ? 'draws every published vector exactly as the gateway does'
      : 'draws every published vector — SKIPPED: no /usr/bin/python3 (apt-get install -y python3)',
    () => {
      const input = JSON.stringify(
        SELECTION_VECTORS.map(([seed, candidates, count]) => [seed, candidates, count]),
      );
      const run = spawnSync(PYTHON, ['examples/labgraph_selection.py', 'vectors'], {
        input,
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual(SELECTION_VECTORS.map(([, , , ids]) => ids));
    },
  );
});

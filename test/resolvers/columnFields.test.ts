/**
 * The column registries drive the GraphQL row types and the tables: walks the built schema and proves
 * every Trial, BlockPerformance and Epoch field has the type of its column's kind (and that no field is
 * declared outside the registries), then proves the computed tables carry the registries' kinds.
 */
import {
  type GraphQLField,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLOutputType,
  getNamedType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  type ColumnRegistry,
  type ColumnSpec,
  camelCase,
  columnSpecs,
} from '../../src/domain/columnRegistry.ts';
import type { ColumnKind, ColumnTable } from '../../src/domain/columns.ts';
import { EPOCH_COLUMNS } from '../../src/domain/epochColumns.ts';
import { computeEpochs } from '../../src/domain/epochs.ts';
import { computeLegacyPerformance } from '../../src/domain/legacyPerformance.ts';
import { computePerformance } from '../../src/domain/performance.ts';
import { LEGACY_PERFORMANCE_COLUMNS, PERFORMANCE_COLUMNS } from '../../src/domain/performanceColumns.ts';
import type { TaskFileData } from '../../src/domain/taskFile.ts';
import { TRIAL_COLUMNS } from '../../src/domain/trialColumns.ts';
import { computeTrials } from '../../src/domain/trials.ts';
import { schema } from '../../src/resolvers/schema.ts';
import { firstTrialOpto, workedExampleTaskData } from '../support/workedExample.ts';

/** What each column kind must look like in GraphQL, written out here rather than taken from src/. */
const GRAPHQL_TYPE: Record<ColumnKind, { named: string; list: boolean }> = {
  float: { named: 'Float', list: false },
  int: { named: 'Int', list: false },
  bool: { named: 'Boolean', list: false },
  string: { named: 'String', list: false },
  stringList: { named: 'String', list: true },
};

const ROW_TYPES: Record<string, readonly ColumnRegistry[]> = {
  Trial: [TRIAL_COLUMNS],
  BlockPerformance: [PERFORMANCE_COLUMNS, LEGACY_PERFORMANCE_COLUMNS],
  Epoch: [EPOCH_COLUMNS],
};

interface ExpectedField {
  spec: ColumnSpec;
  deprecated: boolean;
}

/** Every field a registry promises: each column with a field, and each of its former names. */
function expectedFields(registries: readonly ColumnRegistry[]): Map<string, ExpectedField> {
  const fields = new Map<string, ExpectedField>();
  for (const spec of registries.flatMap(columnSpecs)) {
    if (spec.field === null) continue;
    fields.set(spec.field, { spec, deprecated: false });
    for (const former of spec.formerNames) {
      fields.set(former.field ?? camelCase(former.name), { spec, deprecated: true });
    }
  }
  return fields;
}

function shape(type: GraphQLOutputType): { named: string; list: boolean; nonNull: boolean } {
  const nonNull = type instanceof GraphQLNonNull;
  const inner = nonNull ? type.ofType : type;
  return { named: getNamedType(type).name, list: inner instanceof GraphQLList, nonNull };
}

describe('GraphQL row types generated from the column registries', () => {
  for (const [typeName, registries] of Object.entries(ROW_TYPES)) {
    describe(typeName, () => {
      const type = schema.getType(typeName);
      const expected = expectedFields(registries);
      const fields: GraphQLField<unknown, unknown>[] =
        type instanceof GraphQLObjectType ? Object.values(type.getFields()) : [];

      it('has exactly the fields its registries declare', () => {
        expect(type).toBeInstanceOf(GraphQLObjectType);
        expect(fields.map((f) => f.name).sort()).toEqual([...expected.keys()].sort());
      });

      it("types every field by its column's kind (floats nullable: NaN is null)", () => {
        for (const f of fields) {
          const { spec } = expected.get(f.name) as ExpectedField;
          const actual = shape(f.type);
          expect({ field: f.name, named: actual.named, list: actual.list }).toEqual({
            field: f.name,
            ...GRAPHQL_TYPE[spec.kind],
          });
          if (spec.kind === 'float') expect(actual.nonNull, f.name).toBe(false);
          if (spec.kind === 'stringList') expect(actual.nonNull, f.name).toBe(true);
          if (spec.optional) expect(actual.nonNull, f.name).toBe(false);
        }
      });

      it('keeps former names as deprecated fields pointing to the new name', () => {
        for (const f of fields) {
          const { spec, deprecated } = expected.get(f.name) as ExpectedField;
          expect(f.deprecationReason !== undefined && f.deprecationReason !== null, f.name).toBe(deprecated);
          if (deprecated) expect(f.deprecationReason).toContain(spec.field as string);
          else expect(f.description).toContain(spec.description);
        }
      });
    });
  }

  it('serves the counters trial_index_in_block and repeat_index as Int, like block_index', () => {
    const trial = schema.getType('Trial') as GraphQLObjectType;
    for (const name of ['trialIndexInBlock', 'repeatIndex', 'blockIndex', 'trialIndex']) {
      expect(shape(trial.getFields()[name]?.type as GraphQLOutputType).named, name).toBe('Int');
    }
  });
});

/** Worked-example variants that between them hold every column (galvo opto adds the optional ones). */
function sessions(): TaskFileData[] {
  const worked = workedExampleTaskData();
  // Trials 3 and 4 repeat their predecessors after a timeout, which adds the timeout columns.
  const repeat = Array<boolean>(11).fill(false);
  repeat[3] = true;
  repeat[4] = true;
  const plain = { ...worked, trialRepeat: repeat, incorrectTimeoutFrames: 10 };
  const nan = Number.NaN;
  const galvo = [0, 1, nan, nan, 2, nan, 1, nan, nan, nan];
  const opto = firstTrialOpto();
  return [
    worked,
    { ...plain, opto },
    {
      ...plain,
      opto: {
        ...opto,
        trialOptoOnsetFrame: galvo.map((g) => (Number.isNaN(g) ? nan : 0)),
        trialOptoDur: galvo.map((g) => (Number.isNaN(g) ? nan : 1)),
        trialOptoVoltage: galvo.map((g) => (Number.isNaN(g) ? nan : 5)),
        trialOptoLabel: galvo.map((g) => (Number.isNaN(g) ? 'no opto' : `loc${g}`)),
        trialGalvoX: galvo,
        trialGalvoY: galvo,
      },
    },
  ];
}

describe('tables computed through the column registries', () => {
  const tables: [ColumnRegistry, ColumnTable][] = sessions().flatMap((data) => {
    const trials = computeTrials(data);
    return [
      [TRIAL_COLUMNS, trials],
      [PERFORMANCE_COLUMNS, computePerformance(trials, data)],
      [LEGACY_PERFORMANCE_COLUMNS, computeLegacyPerformance(data, trials)],
      [EPOCH_COLUMNS, computeEpochs(data, { stimFileName: 'DynamicRouting1_1_20240101_000000.hdf5' })],
    ];
  });

  it("give every column its registry entry's kind, unit and definition, in registry order", () => {
    for (const [registry, table] of tables) {
      const order = Object.keys(registry);
      const names = table.columns.map((c) => c.name);
      expect(names, 'registry order').toEqual(order.filter((n) => names.includes(n)));
      for (const column of table.columns) {
        const spec = registry[column.name] as ColumnSpec;
        expect({
          name: column.name,
          kind: column.kind,
          unit: column.unit,
          description: column.description,
        }).toEqual({
          name: spec.name,
          kind: spec.kind,
          unit: spec.unit,
          description: spec.description,
        });
        expect(column.values).toHaveLength(table.rowCount);
      }
    }
  });

  it('between them cover every column of every registry, so no kind goes unchecked', () => {
    for (const registry of [TRIAL_COLUMNS, PERFORMANCE_COLUMNS, LEGACY_PERFORMANCE_COLUMNS, EPOCH_COLUMNS]) {
      const seen = new Set(
        tables.filter(([r]) => r === registry).flatMap(([, t]) => t.columns.map((c) => c.name)),
      );
      expect(Object.keys(registry).filter((n) => !seen.has(n))).toEqual([]);
    }
  });

  it('hold whole numbers in int columns', () => {
    for (const [, table] of tables) {
      for (const column of table.columns) {
        if (column.kind === 'int') expect(column.values.every(Number.isInteger), column.name).toBe(true);
      }
    }
  });
});

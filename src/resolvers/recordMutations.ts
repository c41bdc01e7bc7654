/** recordWeight and recordWaterAdministration — see src/services/registryRecords.ts. */
import { type RecordedRow, recordWaterAdministration, recordWeight } from '../services/registryRecords.ts';
import { builder } from './builder.ts';
import {
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';
import { WaterAdministrationRef, WeighingRef } from './registry.ts';

const DATE_TIME_INPUT = 'ISO 8601; without an offset it is read in the lab time zone. Default: now.';

const RecordWeightInput = builder.inputType('RecordWeightInput', {
  description: "A weighing (ONE's register_weight, stricter): > 0 g and plausible for the species.",
  fields: (t) => ({
    subject: t.string({ required: true, description: 'The subject MID; it must be registered.' }),
    weightG: t.float({
      required: true,
      description: 'Weight in grams (> 0); rounded to 4 significant figures.',
    }),
    dateTime: t.string({ description: DATE_TIME_INPUT }),
    user: t.string({ description: 'Who weighed the subject; must exist. Default: the caller.' }),
    idempotencyKey: t.string({
      description: `${IDEMPOTENCY_KEY_DESCRIPTION} Without a key, an identical weighing within 60 s is refused (DUPLICATE_RECORD).`,
    }),
  }),
});

const RecordWaterInput = builder.inputType('RecordWaterAdministrationInput', {
  description: "Water given to a subject (ONE's register_water_administration, stricter).",
  fields: (t) => ({
    subject: t.string({ required: true, description: 'The subject MID; it must be registered.' }),
    volumeMl: t.float({
      description: 'Volume in mL (> 0), rounded to 4 significant figures; may be left out only when adlib.',
    }),
    adlib: t.boolean({ defaultValue: false, description: 'Ad-lib water.' }),
    dateTime: t.string({ description: DATE_TIME_INPUT }),
    waterType: t.string({ defaultValue: 'Water', description: 'The water type; must exist.' }),
    user: t.string({ description: 'Who gave the water; must exist. Default: the caller.' }),
    session: t.string({ description: 'Any session reference of a registered session of the same subject.' }),
    idempotencyKey: t.string({
      description: `${IDEMPOTENCY_KEY_DESCRIPTION} Without a key, an identical record within 60 s is refused (DUPLICATE_RECORD).`,
    }),
  }),
});

/** The recorded row, read back (so a replay shows the row as stored). */
async function rowOf<T extends { id: number }>(
  p: PayloadShape<RecordedRow>,
  rows: Promise<T[]>,
): Promise<T | null> {
  return p.value ? ((await rows).find((row) => row.id === p.value?.id) ?? null) : null;
}

const RecordWeightPayload = builder
  .objectRef<PayloadShape<RecordedRow> & { subject: string }>('RecordWeightPayload')
  .implement({
    description: 'The recorded weighing (rounded value echoed), or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      weighing: t.field({
        type: WeighingRef,
        nullable: true,
        description: 'The weighing as stored.',
        resolve: (p, _args, ctx) => rowOf(p, ctx.loaders.weighings.load(p.subject)),
      }),
    }),
  });

const RecordWaterPayload = builder
  .objectRef<PayloadShape<RecordedRow> & { subject: string }>('RecordWaterAdministrationPayload')
  .implement({
    description: 'The recorded water administration (rounded volume echoed), or why it was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      waterAdministration: t.field({
        type: WaterAdministrationRef,
        nullable: true,
        description: 'The record as stored.',
        resolve: (p, _args, ctx) => rowOf(p, ctx.loaders.waterAdministrations.load(p.subject)),
      }),
    }),
  });

builder.mutationField('recordWeight', (t) =>
  t.field({
    type: RecordWeightPayload,
    description: 'Records a weighing (scope `write`).',
    args: { input: t.arg({ type: RecordWeightInput, required: true, description: 'The weighing.' }) },
    resolve: async (_root, { input }, ctx) => ({
      subject: input.subject,
      ...(await runAs(ctx, 'write', (deps, caller) => recordWeight(deps, caller, input))),
    }),
  }),
);

builder.mutationField('recordWaterAdministration', (t) =>
  t.field({
    type: RecordWaterPayload,
    description: 'Records water given to a subject (scope `write`).',
    args: {
      input: t.arg({ type: RecordWaterInput, required: true, description: 'The water administration.' }),
    },
    resolve: async (_root, { input }, ctx) => ({
      subject: input.subject,
      ...(await runAs(ctx, 'write', (deps, caller) => recordWaterAdministration(deps, caller, input))),
    }),
  }),
);

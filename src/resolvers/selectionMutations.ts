/** createSelection and updateSelectionComment — see src/services/selections.ts. */
import {
  type CreateSelectionInput,
  createSelection,
  updateSelectionComment,
} from '../services/selections.ts';
import { builder } from './builder.ts';
import {
  IDEMPOTENCY_KEY_DESCRIPTION,
  MutationPayloadRef,
  type PayloadShape,
  runAs,
} from './mutationSupport.ts';
import { lookupContext, requestFields, SelectionRef } from './selection.ts';

const CreateSelectionInputRef = builder.inputType('CreateSelectionInput', {
  description:
    'A reproducible selection (slapp’s select_data with SessionFilters instead of SQL): each query draws `count` of its filter’s matches with a fresh generator seeded with `seed`.',
  fields: (t) => ({
    comment: t.string({ defaultValue: '', description: 'Free text kept with the selection.' }),
    ...requestFields(t),
    idempotencyKey: t.string({
      description: `${IDEMPOTENCY_KEY_DESCRIPTION} Without a key, every call stores a new selection (with the same ids, by construction).`,
    }),
  }),
});

const UpdateSelectionCommentInput = builder.inputType('UpdateSelectionCommentInput', {
  description: 'A new comment for a stored selection (the one thing about it that can change).',
  fields: (t) => ({
    id: t.string({ required: true, description: 'The selection id, `sel-<n>`.' }),
    comment: t.string({ required: true, description: 'The new comment.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const SelectionPayload = builder
  .objectRef<PayloadShape<{ selectionId: number }>>('SelectionPayload')
  .implement({
    description: 'The stored selection, or why the input was refused.',
    interfaces: [MutationPayloadRef],
    fields: (t) => ({
      selection: t.field({
        type: SelectionRef,
        nullable: true,
        description: 'The selection as stored (on a replay: the one the first call stored).',
        resolve: (p, _args, ctx) => (p.value ? ctx.loaders.selectionById.load(p.value.selectionId) : null),
      }),
    }),
  });

builder.mutationFields((t) => ({
  createSelection: t.field({
    type: SelectionPayload,
    description: 'Computes and stores a selection (scope `write`). Errors: see SelectionPayload.userErrors.',
    args: { input: t.arg({ type: CreateSelectionInputRef, required: true, description: 'The selection.' }) },
    resolve: async (_root, { input }, ctx) => {
      const lookup = await lookupContext(ctx);
      return runAs(ctx, 'write', (deps, caller) =>
        createSelection(deps, caller, input as CreateSelectionInput, lookup),
      );
    },
  }),
  updateSelectionComment: t.field({
    type: SelectionPayload,
    description: 'Replaces a stored selection’s comment (scope `write`).',
    args: {
      input: t.arg({
        type: UpdateSelectionCommentInput,
        required: true,
        description: 'The selection and comment.',
      }),
    },
    resolve: (_root, { input }, ctx) =>
      runAs(ctx, 'write', (deps, caller) => updateSelectionComment(deps, caller, input)),
  }),
}));

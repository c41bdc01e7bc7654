/**
 * Subject fields over AIND's systems: the subject's CodeOcean data assets and its DocDB metadata
 * records (aind-session's `Subject.data_assets` and `Subject.docdb`), as connections. Each field
 * calls one function of src/services/ (dataAsset.ts, metadata.ts) through the request's loaders.
 */
import { selectDataAssets } from '../services/dataAsset.ts';
import { subjectRecordsOf } from '../services/metadata.ts';
import { builder } from './builder.ts';
import { DataAssetFilter, DataAssetOrder } from './dataAsset.ts';
import { SessionMetadataRef } from './metadata.ts';
import { checkPageArgs, pageOf } from './pagination.ts';
import { DataAssetObject, SubjectObject } from './refs.ts';

builder.objectFields(SubjectObject, (t) => ({
  dataAssets: t.connection({
    type: DataAssetObject,
    description:
      "The subject's CodeOcean data assets (raw, sorted, derived), filtered and ordered (newest first by default): the subject's one CodeOcean search, shared with its sessions. Cursors are asset ids.",
    args: {
      filter: t.arg({
        type: DataAssetFilter,
        description:
          'Further conditions (the subject is implied; a different `subject` gives an empty list).',
      }),
      orderBy: t.arg({
        type: DataAssetOrder,
        defaultValue: 'CREATED_DESC',
        description: 'Order of the list.',
      }),
    },
    resolve: async (subject, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const snapshot = await ctx.catalog.snapshot();
      const other = args.filter?.subject != null && args.filter.subject.trim() !== subject.id;
      const filter = { ...args.filter, subject: subject.id };
      const assets = other
        ? []
        : await selectDataAssets(filter, args.orderBy, { reads: ctx.loaders, snapshot });
      return pageOf(assets, args, (a) => a.id, ctx.config.maxPageSize);
    },
  }),
  metadataRecords: t.connection({
    type: SessionMetadataRef,
    description:
      'Every DocDB metadata record of the subject (raw, sorted and derived assets alike), newest first: one DocDB find for the subjects of a request. Cursors are DocDB ids.',
    resolve: async (subject, args, ctx) => {
      checkPageArgs(args, ctx.config.maxPageSize);
      const records = await subjectRecordsOf(subject.id, ctx.loaders);
      return pageOf(records, args, (r) => r.docdbId, ctx.config.maxPageSize);
    },
  }),
}));

/**
 * Global ids are the natural keys, readable and typeable by scientists: the type is told by the id's
 * shape (DESIGN.md), so no opaque base64 ids. A new node type must get a shape here that no other
 * type's ids can take.
 */
import { DATASET_ID_SHAPE } from '../domain/datasetRules.ts';

const SHAPES: [typename: string, shape: RegExp][] = [
  ['Subject', /^\d{6,7}$/],
  ['Session', /^\d{6,7}_\d{4}-\d{2}-\d{2}(_\d+)?$/],
  ['DataAsset', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ['Dataset', DATASET_ID_SHAPE],
];

export const NODE_ID_FORMS = [
  'a subject MID (676909)',
  'a session id (676909_2023-12-13 or 676909_2023-12-13_1)',
  'a data asset UUID',
  'a dataset id (676909_2023-12-13/alf/_ibl_trials.table.pqt)',
];

/** The node type an id belongs to, or null when the id has none of the known shapes. */
export function typenameOfNodeId(id: string): string | null {
  return SHAPES.find(([, shape]) => shape.test(id))?.[0] ?? null;
}

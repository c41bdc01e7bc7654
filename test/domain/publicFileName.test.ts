import { describe, expect, it } from 'vitest';
import { publicFileName } from '../../src/domain/publicFileName.ts';

describe('publicFileName', () => {
  it.each([
    ['/srv/labgraph/fixtures/tracked/DynamicRoutingTraining.xlsx', 'DynamicRoutingTraining.xlsx'],
    ['C:\\lab\\sheets\\DynamicRoutingTrainingNSB.xlsx', 'DynamicRoutingTrainingNSB.xlsx'],
    ['file:///srv/sheets/DynamicRoutingTraining.xlsx', 'DynamicRoutingTraining.xlsx'],
    ['DynamicRoutingTraining.xlsx', 'DynamicRoutingTraining.xlsx'],
    [
      's3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/DynamicRoutingTraining.xlsx',
      's3://aind-scratch-data/dynamic-routing/DynamicRoutingTask/DynamicRoutingTraining.xlsx',
    ],
  ])('%s → %s', (input, shown) => {
    expect(publicFileName(input)).toBe(shown);
  });
});

/**
 * Buckets AIND keeps session data in, probed in this order for `s3://{bucket}/{session name}/` when
 * neither DocDB nor a CodeOcean asset says where raw data is (reference: S3_DATA_BUCKET_NAMES).
 */
export const KNOWN_DATA_BUCKETS = [
  'codeocean-s3datasetsbucket-1u41qdg42ur9',
  'aind-private-data-prod-o5171v',
  'aind-open-data-prod-o5171v',
  'aind-open-data',
  'aibs-behavior-data',
  'aind-ephys-data',
  'aind-ophys-data',
] as const;

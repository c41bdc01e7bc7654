/** The behaviour-task HDF5 reader: bytes of a task file → TaskFileData (src/domain/taskFile.ts). */
export {
  closeH5Reader as closeTaskFileReader,
  DEFAULT_READ_TIMEOUT_MS,
  type H5Data,
  H5File,
  type H5ReadOptions,
  hdf5Reason,
  scratchFiles,
  withH5File,
} from './h5.ts';
export { readTaskFile } from './reader.ts';

/** The behaviour-task HDF5 reader: bytes of a task file → TaskFileData (src/domain/taskFile.ts). */
export {
  closeH5Reader as closeTaskFileReader,
  configureH5Reader as configureTaskFileReader,
  type H5Data,
  H5File,
  type H5ReadOptions,
  hdf5Reason,
  scratchFiles,
  type TaskFileReaderOptions,
  withH5File,
} from './h5.ts';
export type { TaskTablesResult } from './h5Protocol.ts';
export { MAX_TASK_FILE_BYTES, taskFileTooLarge } from './limits.ts';
export { readTaskFile, readTaskTables } from './reader.ts';

/** The behaviour-task HDF5 reader: bytes of a task file → TaskFileData (src/domain/taskFile.ts). */
export { type H5Data, H5File, hdf5Reason, scratchFiles, withH5File } from './h5.ts';
export { readTaskFile } from './reader.ts';

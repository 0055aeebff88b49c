import { nodeBuiltin } from '../../core';

/** What the directory mode is called when a runtime without a file system is told it cannot have it. */
const DIRECTORY_MODE = 'the directory mode (MultiprocessDirectory)';

// Loaded at each use rather than imported: promkit then loads where there is no file system.
export const directoryFs = () => nodeBuiltin('node:fs', DIRECTORY_MODE);
export const directoryFsPromises = () => nodeBuiltin('node:fs/promises', DIRECTORY_MODE);
export const directoryPath = () => nodeBuiltin('node:path', DIRECTORY_MODE);
export const directoryCrypto = () => nodeBuiltin('node:crypto', DIRECTORY_MODE);

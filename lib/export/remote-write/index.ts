export { pushRemoteWrite } from './push-remote-write';
export type { RemoteWriteOptions, RemoteWriteVersion, StartRemoteWriteOptions } from './remote-write-options';
export { RemoteWriteError, type RemoteWriteResult } from './remote-write-sender';
export { sendsMergedView } from './sending-process';
export { type RemoteWriteHandle, startRemoteWrite } from './start-remote-write';

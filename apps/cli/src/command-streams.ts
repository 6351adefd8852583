/** Output streams of a subcommand: the process's own, or buffers in tests. */
export interface CommandStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

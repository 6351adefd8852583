import { join } from 'node:path';

/** Files the forwarder child writes inside its work directory. */
export function forwarderFiles(workDirectory: string) {
  return {
    output: join(workDirectory, 'out.ndjson'),
    spool: join(workDirectory, 'spool'),
    deadLetter: join(workDirectory, 'dead-letter.ndjson'),
  };
}

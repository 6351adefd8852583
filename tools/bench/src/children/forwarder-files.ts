import { join } from 'node:path';

/** Files the forwarder child writes inside its work directory. */
export interface ForwarderFiles {
  /** NDJSON output that receives every delivered alert. */
  output: string;
  spool: string;
  deadLetter: string;
}

export function forwarderFiles(workDirectory: string): ForwarderFiles {
  return {
    output: join(workDirectory, 'out.ndjson'),
    spool: join(workDirectory, 'spool'),
    deadLetter: join(workDirectory, 'dead-letter.ndjson'),
  };
}

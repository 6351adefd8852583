import { isPlainObject } from './index-mapping';

export type BulkAction = 'index' | 'create' | 'update' | 'delete';

/** One operation of a `_bulk` body: its action line and, except for delete, its source line. */
export interface BulkOperation {
  action: BulkAction;
  /** Target from the action line, or the index in the request path. */
  index?: string;
  id?: string;
  /** The source line exactly as sent, so tests can check integers beyond 2^53. */
  sourceText?: string;
  /** The source parsed with JSON.parse. */
  source?: unknown;
}

const ACTIONS: readonly BulkAction[] = ['index', 'create', 'update', 'delete'];

/**
 * Parses an NDJSON `_bulk` body. Throws an Error with an Elasticsearch-style
 * reason when a line is not JSON, an action is unknown, or a source line is
 * missing; Elasticsearch rejects the whole request in those cases.
 */
export function parseBulkBody(body: string, pathIndex: string | undefined): BulkOperation[] {
  if (body !== '' && !body.endsWith('\n')) {
    throw new Error('The bulk request must be terminated by a newline [\\n]');
  }

  const lines = body.split('\n');
  lines.pop();
  const operations: BulkOperation[] = [];
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
    if (lines[lineIndex].trim() === '') continue;
    const actionLine = parseLine(lines[lineIndex], lineIndex);
    const [action, ...others] = isPlainObject(actionLine) ? Object.keys(actionLine) : [];
    if (!ACTIONS.includes(action as BulkAction) || others.length > 0) {
      throw new Error(
        `Malformed action/metadata line [${lineIndex + 1}], expected one of ${ACTIONS.join(', ')}`,
      );
    }

    const metadata = (actionLine as Record<string, unknown>)[action];
    const target = isPlainObject(metadata) ? metadata : {};
    const operation: BulkOperation = {
      action: action as BulkAction,
      index: typeof target._index === 'string' ? target._index : pathIndex,
      id: typeof target._id === 'string' ? target._id : undefined,
    };

    if (operation.action !== 'delete') {
      lineIndex += 1;
      if (lineIndex >= lines.length) {
        throw new Error(`The bulk request is missing the source line after line [${lineIndex}]`);
      }
      operation.sourceText = lines[lineIndex];
      operation.source = parseLine(lines[lineIndex], lineIndex);
    }
    operations.push(operation);
  }
  return operations;
}

function parseLine(line: string, lineIndex: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new Error(`Failed to parse line [${lineIndex + 1}]: ${(error as Error).message}`);
  }
}

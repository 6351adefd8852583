import { randomUUID } from 'node:crypto';

import { parseBulkBody, type BulkOperation } from './bulk-body';
import { defaultErrorReason, defaultErrorType, errorBody } from './elasticsearch-errors';
import { IndexMapping, type FieldMapping } from './index-mapping';
import { IndexTemplates } from './index-templates';

/** A per-item failure for the next bulk items that `where` selects (every item when absent). */
export interface ScriptedItemFailure {
  status: number;
  /** Error type; a default for the status, such as `es_rejected_execution_exception` for 429. */
  type?: string;
  reason?: string;
  where?: (operation: BulkOperation) => boolean;
}

/** A document the server accepted. */
export interface IndexedDocument {
  /** Concrete index; for a data stream, its backing index. */
  index: string;
  /** The data stream written to, if any. */
  dataStream?: string;
  id: string;
  action: 'index' | 'create';
  source: unknown;
  /** The source line exactly as sent; integers beyond 2^53 are exact only here. */
  sourceText: string;
}

interface IndexState {
  mapping: IndexMapping;
  dataStream?: string;
  ids: Set<string>;
}

type ItemOutcome = Record<string, Record<string, unknown>>;

/** An HTTP status and JSON body for the server to send. */
export interface ClusterReply {
  status: number;
  body: unknown;
}

/**
 * The indices, templates and documents of the test server, and the `_bulk`
 * semantics: auto-created indices take the best matching template's mapping,
 * data streams take only `create` with `@timestamp`, and `create` of an
 * existing id conflicts.
 */
export class TestCluster {
  readonly documents: IndexedDocument[] = [];
  readonly templates = new IndexTemplates();
  private readonly indices = new Map<string, IndexState>();
  private readonly itemFailures: ScriptedItemFailure[] = [];

  /** Called after each accepted document, so waiters can check their counts. */
  constructor(private readonly onDocument: () => void) {}

  failNextItems(failure: ScriptedItemFailure, count: number): void {
    for (let index = 0; index < count; index += 1) this.itemFailures.push(failure);
  }

  mappingOf(index: string): FieldMapping | undefined {
    return this.indices.get(index)?.mapping.mapping;
  }

  indexNames(): string[] {
    return [...this.indices.keys()];
  }

  /** Applies a `_bulk` body; `pathIndex` is the index named in the request path, if any. */
  bulk(body: string, pathIndex: string | undefined): ClusterReply {
    let operations: BulkOperation[];
    try {
      operations = parseBulkBody(body, pathIndex);
    } catch (error) {
      return {
        status: 400,
        body: errorBody(400, 'illegal_argument_exception', (error as Error).message),
      };
    }
    if (operations.length === 0) {
      return {
        status: 400,
        body: errorBody(
          400,
          'action_request_validation_exception',
          'Validation Failed: 1: no requests added;',
        ),
      };
    }

    const started = Date.now();
    const items = operations.map((operation) => this.applyOperation(operation));
    const errors = items.some((item) => Object.values(item)[0].error !== undefined);
    return { status: 200, body: { errors, took: Date.now() - started, items } };
  }

  private applyOperation(operation: BulkOperation): ItemOutcome {
    const id = operation.id ?? randomUUID().replace(/-/g, '').slice(0, 20);
    const fail = (status: number, type: string, reason: string, index?: string): ItemOutcome => ({
      [operation.action]: {
        _index: index ?? operation.index,
        _id: id,
        status,
        error: { type, reason },
      },
    });

    const scripted = takeItemFailure(this.itemFailures, operation);
    if (scripted !== undefined) {
      return fail(
        scripted.status,
        scripted.type ?? defaultErrorType(scripted.status),
        scripted.reason ?? defaultErrorReason(scripted.status),
      );
    }
    if (operation.index === undefined) {
      return fail(
        400,
        'action_request_validation_exception',
        'Validation Failed: 1: index is missing;',
      );
    }
    if (operation.action !== 'index' && operation.action !== 'create') {
      return fail(
        400,
        'illegal_argument_exception',
        `this test server does not support ${operation.action}`,
      );
    }

    const { indexName, state } = this.resolveTarget(operation.index);
    if (state.dataStream !== undefined && operation.action !== 'create') {
      return fail(
        400,
        'illegal_argument_exception',
        `only write ops with an op_type of create are allowed in data streams`,
        indexName,
      );
    }
    const timestamp = (operation.source as Record<string, unknown> | undefined)?.['@timestamp'];
    if (state.dataStream !== undefined && timestamp === undefined) {
      return fail(
        400,
        'document_parsing_exception',
        'data stream timestamp field [@timestamp] is missing',
        indexName,
      );
    }
    if (operation.action === 'create' && state.ids.has(id)) {
      return fail(
        409,
        'version_conflict_engine_exception',
        `[${id}]: version conflict, document already exists (current version [1])`,
        indexName,
      );
    }

    const problem = state.mapping.check(operation.source, id);
    if (problem !== undefined) return fail(400, problem.type, problem.reason, indexName);

    const existed = state.ids.has(id);
    state.ids.add(id);
    this.documents.push({
      index: indexName,
      dataStream: state.dataStream,
      id,
      action: operation.action,
      source: operation.source,
      sourceText: operation.sourceText ?? '',
    });
    this.onDocument();
    return {
      [operation.action]: {
        _index: indexName,
        _id: id,
        _version: 1,
        result: existed ? 'updated' : 'created',
        _shards: { total: 2, successful: 1, failed: 0 },
        _seq_no: this.documents.length - 1,
        _primary_term: 1,
        status: existed ? 200 : 201,
      },
    };
  }

  /** Finds or creates the concrete index for a write, as auto-create does. */
  private resolveTarget(name: string): { indexName: string; state: IndexState } {
    for (const [indexName, state] of this.indices) {
      if (indexName === name || state.dataStream === name) return { indexName, state };
    }

    const template = this.templates.match(name);
    const mappings = template?.template?.mappings;
    if (template?.data_stream !== undefined) {
      const day = new Date().toISOString().slice(0, 10).replace(/-/g, '.');
      const indexName = `.ds-${name}-${day}-000001`;
      const state: IndexState = {
        mapping: new IndexMapping(mappings),
        dataStream: name,
        ids: new Set(),
      };
      this.indices.set(indexName, state);
      return { indexName, state };
    }

    const state: IndexState = { mapping: new IndexMapping(mappings), ids: new Set() };
    this.indices.set(name, state);
    return { indexName: name, state };
  }
}

function takeItemFailure(
  queue: ScriptedItemFailure[],
  operation: BulkOperation,
): ScriptedItemFailure | undefined {
  const index = queue.findIndex(
    (failure) => failure.where === undefined || failure.where(operation),
  );
  return index === -1 ? undefined : queue.splice(index, 1)[0];
}

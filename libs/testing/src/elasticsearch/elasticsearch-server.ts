import {
  startRecordingServer,
  type RecordedRequest,
  type ScriptedReply,
  type ScriptedResponse,
} from '../recording-server';
import { defaultErrorReason, defaultErrorType, errorBody } from './elasticsearch-errors';
import {
  checkAuthorization,
  checkCompatibility,
  jsonReply,
  waitForCount,
} from './elasticsearch-http';
import type { FieldMapping } from './index-mapping';
import type { IndexTemplate, IndexTemplates } from './index-templates';
import {
  TestCluster,
  type ClusterReply,
  type IndexedDocument,
  type ScriptedItemFailure,
} from './test-cluster';

export type { IndexedDocument, ScriptedItemFailure } from './test-cluster';

export interface ElasticsearchServerOptions {
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** Version reported by `GET /`; its major and the one before are accepted as compatible-with. Default 9.1.0. */
  version?: string;
  /** When set, every request must carry `Authorization: ApiKey <apiKey>`. */
  apiKey?: string;
  /** When set, every request must carry these Basic credentials. */
  basicAuth?: { username: string; password: string };
  /** Leaves out the X-Elastic-Product header, as a proxy or another product would, so the official client rejects the 2xx responses. */
  omitProductHeader?: boolean;
}

/** A whole-request reply for the next requests on a route, instead of handling them. */
export interface ScriptedRequestFailure {
  status?: number;
  type?: string;
  reason?: string;
  headers?: Record<string, string>;
  /** Destroys the connection without a reply. */
  closeSocket?: boolean;
  /** Waits this long before replying. */
  delayMs?: number;
  /** Route the failure applies to: `bulk`, `template` (index template API) or `any` (default). */
  route?: 'bulk' | 'template' | 'any';
}

export interface ElasticsearchServer {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Accepted writes in order; a document overwritten by `index` appears once per write. */
  readonly documents: readonly IndexedDocument[];
  /** Fails the next `count` bulk items that match, after failures already queued. */
  failNextItems(failure: ScriptedItemFailure, count?: number): void;
  /** Replies to the next `count` matching requests with an error or a dropped connection. */
  failNextRequests(failure: ScriptedRequestFailure, count?: number): void;
  /** Index template by name, as stored by `PUT _index_template/{name}`. */
  template(name: string): IndexTemplate | undefined;
  /** Current mapping of a concrete index. */
  mappingOf(index: string): FieldMapping | undefined;
  /** Concrete indices created so far, data stream backing indices included. */
  indexNames(): string[];
  /** Resolves once `count` documents were accepted in total; rejects after `timeoutMs` (default 5000). */
  waitForDocuments(count: number, timeoutMs?: number): Promise<IndexedDocument[]>;
  /** Resolves once `count` requests arrived in total; rejects after `timeoutMs` (default 5000). */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

/**
 * Starts a local server that speaks the parts of the Elasticsearch REST API
 * an indexing client uses: `GET /`, the index template API and `_bulk` with
 * per-item results. New indices take their mapping from the best matching
 * template, documents are checked against it, data streams accept only
 * `create`, and failures of whole requests or single items can be scripted.
 * It runs on the recording server, so every request is recorded too.
 */
export async function startElasticsearchServer(
  options: ElasticsearchServerOptions = {},
): Promise<ElasticsearchServer> {
  const version = options.version ?? '9.1.0';
  const major = Number(version.split('.')[0]);
  const requestFailures: ScriptedRequestFailure[] = [];
  const documentWaiters = new Set<() => void>();
  const cluster = new TestCluster(() => {
    for (const wake of [...documentWaiters]) wake();
  });

  const respond = (request: RecordedRequest): ScriptedResponse => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      jsonReply(request, status, body, headers, options.omitProductHeader === true);
    const route = routeOf(request.method, request.path);

    const scripted = takeRequestFailure(requestFailures, route.kind);
    if (scripted !== undefined) return scriptedFailureReply(scripted, reply);

    const authProblem = checkAuthorization(request.headers.authorization, request.path, options);
    if (authProblem !== undefined) {
      return reply(401, errorBody(401, 'security_exception', authProblem), {
        'WWW-Authenticate': 'ApiKey, Basic realm="security", charset="UTF-8"',
      });
    }

    const compatibilityProblem = checkCompatibility(request.headers, request.body, major);
    if (compatibilityProblem !== undefined) {
      return reply(400, errorBody(400, 'media_type_header_exception', compatibilityProblem));
    }

    switch (route.kind) {
      case 'info':
        return reply(200, infoBody(version));
      case 'template': {
        const result = handleTemplate(request.method, route.name, request.body, cluster.templates);
        return reply(result.status, result.body);
      }
      case 'bulk': {
        const result = cluster.bulk(request.body, route.index);
        return reply(result.status, result.body);
      }
      default:
        return reply(
          400,
          errorBody(
            400,
            'illegal_argument_exception',
            `no handler found for uri [${request.path}] and method [${request.method}]`,
          ),
        );
    }
  };
  const recording = await startRecordingServer({ host: options.host, responder: respond });

  return {
    url: recording.url,
    port: recording.port,
    requests: recording.requests,
    documents: cluster.documents,
    failNextItems: (failure, count = 1) => cluster.failNextItems(failure, count),
    failNextRequests(failure, count = 1) {
      for (let index = 0; index < count; index += 1) requestFailures.push(failure);
    },
    template: (name) => cluster.templates.get(name),
    mappingOf: (index) => cluster.mappingOf(index),
    indexNames: () => cluster.indexNames(),
    waitForDocuments: (count, timeoutMs = 5000) =>
      waitForCount(cluster.documents, documentWaiters, count, timeoutMs, 'documents'),
    waitForRequests: (count, timeoutMs) => recording.waitForRequests(count, timeoutMs),
    close: () => recording.close(),
  };
}

type Route =
  | { kind: 'info' }
  | { kind: 'template'; name: string }
  | { kind: 'bulk'; index?: string }
  | { kind: 'unknown' };

function routeOf(method: string, url: string): Route {
  const path = decodeURIComponent(url.split('?')[0]);
  if (path === '/' && (method === 'GET' || method === 'HEAD')) return { kind: 'info' };

  const template = /^\/_index_template\/([^/]+)$/.exec(path);
  if (template !== null) return { kind: 'template', name: template[1] };

  const bulk = /^(?:\/([^/_][^/]*))?\/_bulk$/.exec(path);
  if (bulk !== null && (method === 'POST' || method === 'PUT')) {
    return { kind: 'bulk', index: bulk[1] };
  }
  return { kind: 'unknown' };
}

function handleTemplate(
  method: string,
  name: string,
  body: string,
  templates: IndexTemplates,
): ClusterReply {
  if (method === 'GET') {
    const template = templates.get(name);
    if (template === undefined) {
      return {
        status: 404,
        body: errorBody(
          404,
          'resource_not_found_exception',
          `index template matching [${name}] not found`,
        ),
      };
    }
    return { status: 200, body: { index_templates: [{ name, index_template: template }] } };
  }
  if (method !== 'PUT' && method !== 'POST') {
    return {
      status: 405,
      body: errorBody(405, 'illegal_argument_exception', `method [${method}] is not allowed`),
    };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return {
      status: 400,
      body: errorBody(400, 'x_content_parse_exception', (error as Error).message),
    };
  }
  const problem = templates.put(name, parsed);
  if (problem !== undefined) {
    return { status: 400, body: errorBody(400, 'illegal_argument_exception', problem) };
  }
  return { status: 200, body: { acknowledged: true } };
}

function infoBody(version: string): unknown {
  return {
    name: 'talaria-test-node',
    cluster_name: 'talaria-test',
    cluster_uuid: 'talaria-test-cluster-uuid',
    version: {
      number: version,
      build_flavor: 'default',
      build_type: 'docker',
      lucene_version: '10.2.2',
      minimum_wire_compatibility_version: '8.19.0',
      minimum_index_compatibility_version: '8.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

function takeRequestFailure(
  queue: ScriptedRequestFailure[],
  kind: Route['kind'],
): ScriptedRequestFailure | undefined {
  const index = queue.findIndex((failure) => {
    const route = failure.route ?? 'any';
    return route === 'any' || route === kind;
  });
  return index === -1 ? undefined : queue.splice(index, 1)[0];
}

function scriptedFailureReply(
  failure: ScriptedRequestFailure,
  reply: (status: number, body: unknown, headers?: Record<string, string>) => ScriptedReply,
): ScriptedResponse {
  if (failure.closeSocket === true) return { closeSocket: true, delayMs: failure.delayMs };

  const status = failure.status ?? 503;
  const body = errorBody(
    status,
    failure.type ?? defaultErrorType(status),
    failure.reason ?? defaultErrorReason(status),
  );
  return { ...reply(status, body, failure.headers), delayMs: failure.delayMs };
}

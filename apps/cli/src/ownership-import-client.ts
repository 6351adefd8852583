import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readCatalogFiles } from './catalog-files';

export const IMPORT_KINDS = ['backstage', 'aws-tags', 'snyk', 'trivy', 'clair'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportRequest {
  kind: ImportKind;
  path: string;
  /** Base URL of the ownership API. */
  apiUrl: string;
  /** Token with the write scope. */
  token: string;
  tagKey?: string;
  defaultAccount?: string;
  service?: string;
  image?: string;
}

/** The API's verdict on one import: 200 with a report, or an error with its problems. */
export interface ImportResponse {
  status: number;
  body: Record<string, unknown>;
}

/** An import that could not be sent: the file is unreadable or the API unreachable. */
export class ImportRequestError extends Error {
  override readonly name = 'ImportRequestError';
}

/** Reads the file or folder at `path` and posts it to the API's import endpoint for `kind`. */
export async function sendImport(request: ImportRequest): Promise<ImportResponse> {
  const body = await buildBody(request);
  const url = new URL(`/v1/imports/${request.kind}`, request.apiUrl).toString();

  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ImportRequestError(
      `cannot reach the ownership API at ${request.apiUrl} (${cause}); check --api and that it is running`,
    );
  }

  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { error: text.slice(0, 500) };
  }
  return { status: response.status, body: parsed };
}

async function buildBody(request: ImportRequest): Promise<Record<string, unknown>> {
  if (request.kind === 'backstage') {
    const files = await readOrExplain(() => readCatalogFiles(request.path), request.path);
    if (files.length === 0)
      throw new ImportRequestError(`${request.path} contains no .yaml or .yml files`);
    return { files };
  }

  const text = await readOrExplain(() => readFile(request.path, 'utf8'), request.path);
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new ImportRequestError(`${request.path} is not valid JSON: ${(error as Error).message}`);
  }

  const body: Record<string, unknown> = { source: basename(request.path), report };
  if (request.kind === 'aws-tags') {
    if (request.tagKey !== undefined) body.tagKey = request.tagKey;
    if (request.defaultAccount !== undefined) body.defaultAccount = request.defaultAccount;
  } else {
    if (request.service !== undefined) body.service = request.service;
    if (request.image !== undefined) body.image = request.image;
  }
  return body;
}

async function readOrExplain<T>(read: () => Promise<T>, path: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new ImportRequestError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

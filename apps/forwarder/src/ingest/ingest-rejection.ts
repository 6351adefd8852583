/** A request the ingest endpoint rejects as a whole, with the HTTP status and a counted reason. */
export class IngestRejection extends Error {
  override readonly name = 'IngestRejection';

  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

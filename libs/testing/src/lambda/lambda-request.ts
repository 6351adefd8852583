/** A function named in an Invoke path, with the qualifier if the name carried one. */
export interface FunctionTarget {
  name: string;
  qualifier?: string;
}

/**
 * Parses the three forms Lambda accepts: a name (`my-function` or
 * `my-function:alias`), a partial ARN (`123456789012:function:my-function`)
 * and a full ARN (`arn:aws:lambda:eu-west-1:123456789012:function:my-function:1`).
 */
export function parseFunctionName(text: string): FunctionTarget {
  const parts = text.split(':');
  const functionIndex = parts.indexOf('function');
  if (functionIndex !== -1 && functionIndex + 1 < parts.length) {
    return { name: parts[functionIndex + 1], qualifier: parts[functionIndex + 2] };
  }
  return { name: parts[0], qualifier: parts[1] };
}

/** The access key id and region of a SigV4 `Authorization` header. */
export interface SigV4Credential {
  accessKeyId: string;
  region: string;
  service: string;
}

/**
 * Reads the credential scope of an `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request`
 * header. Returns undefined when the header is missing or has another shape.
 */
export function parseSigV4Credential(header: string | undefined): SigV4Credential | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,/.exec(
      header ?? '',
    );
  if (match === null) return undefined;
  return { accessKeyId: match[1], region: match[3], service: match[4] };
}

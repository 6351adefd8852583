/**
 * Masks the secrets a forwarder URL may carry: the password, a token path
 * segment after `/t/` or `/alerts/`, and `token` query parameters, so that
 * reports and logs can show the URL.
 */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  copy.pathname = copy.pathname.replace(/\/(t|alerts)\/[^/]+/, '/$1/***');
  if (copy.searchParams.has('token')) copy.searchParams.set('token', '***');
  return copy.href.replace(/%2A%2A%2A/g, '***');
}

/**
 * The one place URIs are made safe to show. Every URI that reaches a message, a log line or a response
 * (DocDB REST and Mongo URIs, S3 endpoints, CodeOcean URLs, fetch errors that echo the URL) goes
 * through `redactUri` or, inside free text, `redactUrisIn`: user info (`user:password@`) becomes
 * `***@`, and the values of query parameters that carry secrets (token, key, signature, password,
 * every `X-Amz-*` of a presigned URL…) become `***`. Written as plain scans, not patterns that could
 * backtrack, since the text may be long.
 */

/** Query parameter names (lower case) whose values are secrets. */
const SECRET_PARAMS = new Set([
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'api_key',
  'apikey',
  'key',
  'secret',
  'client_secret',
  'password',
  'pass',
  'pwd',
  'signature',
  'sig',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'authmechanismproperties',
]);

export const REDACTED = '***';

const isSecretParam = (name: string): boolean => {
  const lower = name.toLowerCase();
  return SECRET_PARAMS.has(lower) || lower.startsWith('x-amz-');
};

/** Ends the URI inside free text: whitespace, quotes and brackets around it. */
const URI_END = new Set([' ', '\t', '\n', '\r', '"', "'", '`', '<', '>', '(', ')', '[', ']', '{', '}', ',']);

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      return isSecretParam(pair.slice(0, equals)) ? `${pair.slice(0, equals + 1)}${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * `uri` without its secrets: `http://user:pw@host/p?token=t&x=1` → `http://***@host/p?token=***&x=1`.
 * Works on any `scheme://` form, including multi-host Mongo URIs that are not WHATWG URLs; text
 * without `://` is returned unchanged.
 */
export function redactUri(uri: string): string {
  const schemeEnd = uri.indexOf('://');
  if (schemeEnd < 0) return uri;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = authorityStart;
  while (authorityEnd < uri.length && !'/?#'.includes(uri[authorityEnd]!)) authorityEnd++;
  // The last `@` ends the user info: a password may hold a raw `@`.
  const at = uri.lastIndexOf('@', authorityEnd - 1);
  const authority =
    at >= authorityStart
      ? `${REDACTED}@${uri.slice(at + 1, authorityEnd)}`
      : uri.slice(authorityStart, authorityEnd);
  const rest = uri.slice(authorityEnd);
  const queryStart = rest.indexOf('?');
  if (queryStart < 0) return `${uri.slice(0, authorityStart)}${authority}${rest}`;
  const hash = rest.indexOf('#', queryStart);
  const queryEnd = hash < 0 ? rest.length : hash;
  const query = redactQuery(rest.slice(queryStart + 1, queryEnd));
  return `${uri.slice(0, authorityStart)}${authority}${rest.slice(0, queryStart + 1)}${query}${rest.slice(queryEnd)}`;
}

/** The longest URI scheme looked for (`mongodb+srv` is 11). Bounds the scan back from each `://`. */
const MAX_SCHEME_LENGTH = 32;
const isSchemeChar = (c: string) => /[A-Za-z0-9+.-]/.test(c);

/** `text` (an error message, a log line) with every `scheme://…` URI in it passed through `redactUri`. */
export function redactUrisIn(text: string): string {
  let out = '';
  let copied = 0;
  for (let marker = text.indexOf('://'); marker >= 0; marker = text.indexOf('://', marker + 3)) {
    let start = marker;
    while (start > copied && marker - start < MAX_SCHEME_LENGTH && isSchemeChar(text[start - 1]!)) start--;
    if (start === marker) continue;
    let end = marker + 3;
    while (end < text.length && !URI_END.has(text[end]!)) end++;
    out += text.slice(copied, start) + redactUri(text.slice(start, end));
    copied = end;
    marker = Math.max(marker, end - 3);
  }
  return out + text.slice(copied);
}

/**
 * `text` without the credentials of a URI it was made with: the URI itself, its user info and password
 * (raw and URL-decoded) wherever they appear, e.g. echoed by a driver in another form.
 */
export function redactCredentialsOf(text: string, uri: string): string {
  const secrets = new Set<string>([uri]);
  const schemeEnd = uri.indexOf('://');
  if (schemeEnd >= 0) {
    const authority = uri.slice(schemeEnd + 3).split(/[/?#]/, 1)[0] ?? '';
    const at = authority.lastIndexOf('@');
    const userinfo = at >= 0 ? authority.slice(0, at) : '';
    if (userinfo) secrets.add(userinfo);
    const colon = userinfo.indexOf(':');
    const password = colon >= 0 ? userinfo.slice(colon + 1) : '';
    if (password) {
      secrets.add(password);
      try {
        secrets.add(decodeURIComponent(password));
      } catch {
        // A malformed escape: the raw form is already covered.
      }
    }
  }
  let redacted = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) redacted = redacted.split(secret).join(REDACTED);
  }
  return redactUrisIn(redacted);
}

/** A URI's public part for logs: scheme, host(s) and path; no user info, query or fragment. */
export function publicAddress(uri: string): string {
  const schemeEnd = uri.indexOf('://');
  if (schemeEnd < 0) return '(unparsed address)';
  const afterScheme = uri.slice(schemeEnd + 3);
  const cut = afterScheme.search(/[?#]/);
  const withoutQuery = cut < 0 ? afterScheme : afterScheme.slice(0, cut);
  const slash = withoutQuery.indexOf('/');
  const authority = slash < 0 ? withoutQuery : withoutQuery.slice(0, slash);
  let path = slash < 0 ? '' : withoutQuery.slice(slash);
  while (path.endsWith('/')) path = path.slice(0, -1);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return `${uri.slice(0, schemeEnd)}://${host}${path}`;
}

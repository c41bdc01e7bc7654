/**
 * How a source file the server read is named in answers: an `s3://` URI as it is (anyone with access
 * can read it there), a local file by its file name only — its absolute path would reveal the server's
 * layout (issue 16.3).
 */
export function publicFileName(uriOrPath: string): string {
  if (/^s3:\/\//i.test(uriOrPath)) return uriOrPath;
  const withoutScheme = uriOrPath.replace(/^file:\/\//i, '');
  return withoutScheme.slice(Math.max(withoutScheme.lastIndexOf('/'), withoutScheme.lastIndexOf('\\')) + 1);
}

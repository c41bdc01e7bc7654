/** The registry session a user's session reference names (any form Query.session accepts). */
import { type UserError, userError } from '../domain/registryRules.ts';
import { parseSessionRef } from '../domain/sessionRef.ts';
import { BadUserInputError } from '../errors.ts';
import type { RegistryReader, SessionRecord } from '../sources/registry/index.ts';

/** The session, or SESSION_NOT_FOUND (unreadable reference, or a session the registry lacks). */
export async function registrySessionOf(
  tx: RegistryReader,
  reference: string,
  field: string,
): Promise<SessionRecord | UserError> {
  let key: { subject: string; date: string; idx: number };
  try {
    key = parseSessionRef(reference);
  } catch (error) {
    if (!(error instanceof BadUserInputError)) throw error;
    return userError('SESSION_NOT_FOUND', field, error.message);
  }
  const session = await tx.sessionByKey(key.subject, key.date, key.idx + 1);
  return (
    session ??
    userError(
      'SESSION_NOT_FOUND',
      field,
      `the registry holds no session '${reference.slice(0, 200)}' (register it with registerSession)`,
    )
  );
}

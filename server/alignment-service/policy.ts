/**
 * Who may call the alignment routes. The rules are added to the auth policy table unless it
 * already has them (H5 may list them in server/auth/policy.ts itself):
 * - every read: any logged-in user (alignment is shared map analysis, like coverage);
 * - POST /api/alignment/realign: admin, or the police station whose zones are realigned.
 */
import { addPolicy, anyUser, policyFor, type PolicyEntry, type Rule } from '../auth/policy.ts';
import { ALLOW, deny, userLabel } from '../auth/write-rules.ts';

/** POST /api/alignment/realign {station}: admin, or that station's own users. */
export const realignRule: Rule = async ({ db, user, body }) => {
  if (user.role === 'admin') return ALLOW;
  if (user.role !== 'police-station') return deny(`${userLabel(db, user)} cannot realign police zones: each police station realigns its own`);
  const b = (await body()) as { station?: unknown } | undefined;
  const station = typeof b?.station === 'number' ? b.station : null;
  if (station !== null && String(station) !== user.scope) return deny(`${userLabel(db, user)} cannot realign the zones of station ${station}`);
  return ALLOW;
};

/** The alignment routes' rules, keyed as the auth middleware looks them up. */
export const ALIGNMENT_POLICY: Record<string, PolicyEntry> = {
  'GET /api/alignment': anyUser,
  'GET /api/alignment/grids': anyUser,
  'GET /api/alignment/zones': anyUser,
  'GET /api/alignment/mismatches': anyUser,
  'GET /api/alignment/one-to-one': anyUser,
  'GET /api/alignment/realign': anyUser,
  'POST /api/alignment/realign': realignRule,
};

/** Adds the rules the policy table lacks (idempotent). */
export function installAlignmentPolicy(): void {
  const missing = Object.fromEntries(Object.entries(ALIGNMENT_POLICY).filter(([k]) => policyFor(k) === undefined));
  if (Object.keys(missing).length) addPolicy(missing);
}

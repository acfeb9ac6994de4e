// The member quota (quota.ts) around the entry intake (intake.ts): entries of an author the quota
// has paused are refused before any work (no validation, no signature check), and the entries the
// intake accepts are admitted one by one, in order, so an author's stored log stays contiguous:
// once one entry is refused, the author's later entries in the batch are refused too.
import type { Entry } from '../log/entry.js'
import type { Verdict } from '../log/validate.js'
import type { IntakeResult } from './intake.js'
import type { MemberQuota } from './quota.js'

/** What a quota refusal looks like to gossip, sync and stats: not stored, not the sender's fault. */
export const QUOTA_VERDICT = { kind: 'reject', reason: 'quota' } as const satisfies Verdict

export function isQuotaRefusal (verdict: Verdict | undefined): boolean {
  return verdict?.kind === 'reject' && verdict.reason === QUOTA_VERDICT.reason
}

/**
 * Judges a batch: `check` is the intake (it holds entries ahead of a gap), `headSeq` the stored
 * head per author. Returns the intake's result with quota refusals in place.
 */
export function checkWithQuota (
  quota: MemberQuota,
  entries: readonly Entry[],
  headSeq: (authorHex: string) => number,
  check: (entries: Entry[]) => IntakeResult
): IntakeResult {
  const verdicts: Array<Verdict | undefined> = []
  const seen: Entry[] = []
  const seenAt: number[] = []
  for (const [i, entry] of entries.entries()) {
    // Only new entries: a duplicate of what we hold is not the quota's business.
    if (entry.body.s > headSeq(entry.authorHex) && quota.refuseIfPaused(entry.authorHex)) {
      verdicts.push(QUOTA_VERDICT)
    } else {
      verdicts.push(undefined)
      seen.push(entry)
      seenAt.push(i)
    }
  }
  const result = check(seen)
  const refused = new Set<Entry>()
  for (const entry of result.accepted) {
    if (quota.admit(entry.authorHex, entry.wire.byteLength) !== undefined) refused.add(entry)
  }
  for (const [j, verdict] of result.verdicts.entries()) {
    const entry = seen[j] as Entry
    verdicts[seenAt[j] as number] = refused.has(entry) ? QUOTA_VERDICT : verdict
  }
  return {
    verdicts: verdicts as Verdict[],
    accepted: result.accepted.filter(entry => !refused.has(entry)),
    forks: result.forks,
    held: result.held
  }
}

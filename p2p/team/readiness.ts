// A team's readiness, member by member: last contact, app version, whether this device verified
// the member's fingerprint, and the last drill; with warnings in plain words, the members with
// warnings first. Pure: the node gathers what it knows, this decides what it means.
import type { ReadinessRow } from '../api/records.js'

/** Not seen for this long is a warning. */
export const STALE_AFTER_MS = 14 * 24 * 3_600_000

/** A row before its warnings; `self`: this device's own row, never warned about verifying or seeing itself. */
export type ReadinessInput = Omit<ReadinessRow, 'warnings'> & { self: boolean }

function warningsOf (m: ReadinessInput, now: number): string[] {
  const out: string[] = []
  if (m.self) return out
  if (!m.verified) out.push('fingerprint never verified')
  if (m.lastSeen === null) out.push('never seen by this device')
  else if (now - m.lastSeen > STALE_AFTER_MS) out.push(`not seen for ${Math.floor((now - m.lastSeen) / 86_400_000)} days`)
  if (m.lastDrill !== null && !m.lastDrill.reached) out.push('missed the last drill')
  else if (m.lastDrill !== null && !m.lastDrill.acked) out.push('did not acknowledge the last drill')
  return out
}

export function readiness (members: readonly ReadinessInput[], now: number): ReadinessRow[] {
  const rows = members.map(({ self: _self, ...m }, i) => ({ row: { ...m, warnings: warningsOf(members[i] as ReadinessInput, now) }, i }))
  return rows.sort((a, b) => Number(b.row.warnings.length > 0) - Number(a.row.warnings.length > 0) || a.row.name.localeCompare(b.row.name) || a.i - b.i).map(r => r.row)
}

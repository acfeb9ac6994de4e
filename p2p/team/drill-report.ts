// A drill's report, folded from the team's records (chat/announcements.ts): per member, how long
// its device took to answer and its person to acknowledge, from the drill's start, whether this
// device verified that member's fingerprint, and the app version it runs; then the tally. Times
// are each writer's own clock (entry times): a device with a skewed clock shows a skewed time,
// never below zero. Pure.
import type { DrillMember, DrillReport } from '../api/records.js'
import type { AnnouncementLine } from '../chat/announcements.js'

/** A member the drill asked: key hex, peer id and display name. */
export interface DrillInvitee { hex: string, peerId: string, name: string }

export function median (values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] as number : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2)
}

const since = (start: number, at: number | undefined): number | null => at === undefined ? null : Math.max(0, at - start)

/**
 * `invitees`: the members the drill asks (current members but relays, its starter left out);
 * `verified`: peer ids whose current fingerprint this device has checked.
 */
export function drillReport (line: AnnouncementLine, invitees: readonly DrillInvitee[], verified: ReadonlySet<string>, byName: string): DrillReport {
  const members: DrillMember[] = invitees.map(m => ({
    peerId: m.peerId,
    name: m.name,
    reachedMs: since(line.ts, line.delivered.get(m.hex)),
    ackedMs: since(line.ts, line.responses.get(m.hex)?.ts),
    verified: verified.has(m.peerId),
    version: line.versions.get(m.hex) ?? null
  }))
  const reach = members.flatMap(m => m.reachedMs === null ? [] : [m.reachedMs])
  const acks = members.flatMap(m => m.ackedMs === null ? [] : [m.ackedMs])
  return {
    drillId: line.id,
    text: line.text,
    startedAt: line.ts,
    by: { peerId: line.author, name: byName },
    every: line.drill?.every ?? null,
    summary: {
      members: members.length,
      reached: reach.length,
      acked: acks.length,
      medianReachMs: median(reach),
      medianAckMs: median(acks),
      worstReachMs: reach.length === 0 ? null : Math.max(...reach),
      worstAckMs: acks.length === 0 ? null : Math.max(...acks)
    },
    members
  }
}

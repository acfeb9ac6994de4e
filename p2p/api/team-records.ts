// The records of teams (`team list`, playbooks, drill reports, readiness), apart from records.ts,
// which re-exports them. Nothing here imports Node: the renderer imports it too.
import type { Role } from '../membership/roles.js'

/** A standing team (`team list`): incidents are opened from it in one step, drills test it. */
export interface TeamSummary { teamId: string, name: string, role: Role | 'removed', members: number, incidents: number }
/** Who a playbook task goes to: the admin who opens the incident, or the members holding a role. */
export type PlaybookOwner = 'lead' | 'admin' | 'responder' | 'guest' | 'observer'
/** What an incident opened with it starts with; `source`: 'built-in' or the id of the team that defined it. */
export interface Playbook {
  name: string
  about: string
  source: string
  tasks: Array<{ title: string, owner: PlaybookOwner, dueInHours: number | null }>
  checkpoints: Array<{ text: string, atHours: number }>
  notes: Array<{ name: string, text: string }>
}
/** One member in a drill report: times from the drill's start (ms), null where not reached or not acknowledged. */
export interface DrillMember { peerId: string, name: string, reachedMs: number | null, ackedMs: number | null, verified: boolean, version: string | null }
export interface DrillReport {
  drillId: string
  text: string
  startedAt: number
  by: { peerId: string, name: string }
  /** The schedule this drill set (ms between drills), or null. */
  every: number | null
  summary: { members: number, reached: number, acked: number, medianReachMs: number | null, medianAckMs: number | null, worstReachMs: number | null, worstAckMs: number | null }
  members: DrillMember[]
}
/** One member's readiness in a team; `warnings` in plain words (rows with warnings come first). */
export interface ReadinessRow {
  peerId: string
  name: string
  role: Role
  lastSeen: number | null
  version: string | null
  verified: boolean
  lastDrill: { reached: boolean, acked: boolean } | null
  warnings: string[]
}

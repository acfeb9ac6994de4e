// Drills and readiness in the API: a team admin starts a drill, every member's device answers on
// its own (delivery-receipts.ts), every person acknowledges; the report and the readiness view
// are folded from the team's records (team/drill-report.ts, team/readiness.ts).
import type { DrillReport, Params, Result } from '../api/types.js'
import { foldAnnouncements, type AnnouncementLine } from '../chat/announcements.js'
import { messageId } from '../chat/chat-view.js'
import { fromHex } from '../codec/bytes.js'
import { NotFoundError } from '../errors.js'
import { fingerprint } from '../identity/fingerprint.js'
import type { Incident } from '../incident/incident.js'
import type { IncidentRegistry } from '../incident/registry.js'
import type { Member } from '../membership/roster-state.js'
import type { PeerView } from '../services/heads/heads-service.js'
import type { Store } from '../storage/store.js'
import { exportDrill } from '../team/drill-export.js'
import { drillReport, type DrillInvitee } from '../team/drill-report.js'
import { readiness } from '../team/readiness.js'
import { APP_VERSION } from '../version.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'
import { teamOf } from './team-handlers.js'

type DrillMethod = 'drillStart' | 'drillAck' | 'drillReport' | 'drills' | 'drillExport' | 'readiness'
export type DrillHandlers = { [M in DrillMethod]: (params: Params<M>) => Promise<Result<M>> }

export interface DrillDeps {
  incidents: IncidentRegistry
  store: Store
  self: string
  /** What the heads exchange tells of each member of a team (connected, last heard from). */
  peerViews: (team: Incident) => PeerView[]
}

export const DEFAULT_DRILL_TEXT = 'Readiness drill: please acknowledge.'

export const drillLines = (team: Incident): AnnouncementLine[] => foldAnnouncements(team.records).filter(l => l.drill !== undefined)

function drillOf (team: Incident, drillId: string): AnnouncementLine {
  const line = drillLines(team).find(l => l.id === drillId)
  if (line === undefined) throw new NotFoundError(`no drill ${drillId} in this team (see drill list)`)
  return line
}

/** Peer ids whose current fingerprint this device has verified. */
async function verifiedOf (store: Store, members: Iterable<Member>): Promise<Set<string>> {
  const out = new Set<string>()
  for (const m of members) if ((await store.devices.getVerified(m.peerId)) === fingerprint(m.publicKey, m.x25519)) out.add(m.peerId)
  return out
}

async function reportOf (store: Store, team: Incident, line: AnnouncementLine): Promise<DrillReport> {
  const names = memberNames(team)
  const invitees: DrillInvitee[] = [...team.state.members].filter(([hex, m]) => hex !== line.authorHex && m.role !== 'relay')
    .map(([hex, m]) => ({ hex, peerId: m.peerId, name: names.get(hex) ?? m.name }))
  return drillReport(line, invitees, await verifiedOf(store, team.state.members.values()), names.get(line.authorHex) ?? UNKNOWN_NAME)
}

export function drillHandlers ({ incidents, store, self, peerViews }: DrillDeps): DrillHandlers {
  return {
    drillStart: async ({ teamId, text, everyMs }) => {
      const entry = await teamOf(incidents, teamId).append({ k: 'drill', text: text ?? DEFAULT_DRILL_TEXT, ...(everyMs === undefined ? {} : { every: everyMs }) })
      return { drillId: messageId(self, entry.body.s) }
    },
    drillAck: async ({ teamId, drillId }) => {
      const team = teamOf(incidents, teamId)
      const line = drillOf(team, drillId)
      await team.append({ k: 'ack', r: [fromHex(line.authorHex), line.seq] })
      return { drillId }
    },
    drillReport: async ({ teamId, drillId }) => {
      const team = teamOf(incidents, teamId)
      return await reportOf(store, team, drillOf(team, drillId))
    },
    drills: async ({ teamId }) => {
      const team = teamOf(incidents, teamId)
      return await Promise.all(drillLines(team).reverse().map(async line => await reportOf(store, team, line)))
    },
    drillExport: async ({ teamId, drillId, format }) => {
      const team = teamOf(incidents, teamId)
      const report = await reportOf(store, team, drillOf(team, drillId))
      const day = new Date(report.startedAt).toISOString().slice(0, 10)
      return { filename: `drill-${day}.${format === 'markdown' ? 'md' : 'html'}`, text: exportDrill(report, team.title, format) }
    },
    readiness: async ({ teamId }) => {
      const team = teamOf(incidents, teamId)
      const names = memberNames(team)
      const views = new Map(peerViews(team).map(v => [v.peerId, v]))
      const lines = drillLines(team)
      const verified = await verifiedOf(store, team.state.members.values())
      const lastWrote = new Map<string, number>()
      for (const r of [...team.records, ...team.messageStubs]) lastWrote.set(r.authorHex, Math.max(r.ts, lastWrote.get(r.authorHex) ?? 0))
      const now = Date.now()
      const inputs = [...team.state.members].filter(([, m]) => m.role !== 'relay').map(([hex, m]) => {
        const self = hex === team.myKeyHex
        const view = views.get(m.peerId)
        const seen = [view?.connected === true ? now : null, view?.lastSeen ?? null, lastWrote.get(hex) ?? null].filter((t): t is number => t !== null)
        const asked = lines.filter(l => l.authorHex !== hex).at(-1)
        const answered = lines.filter(l => l.versions.has(hex)).at(-1)
        return {
          peerId: m.peerId,
          name: names.get(hex) ?? m.name,
          role: m.role,
          lastSeen: self ? now : seen.length === 0 ? null : Math.max(...seen),
          version: self ? APP_VERSION : answered?.versions.get(hex) ?? null,
          verified: verified.has(m.peerId),
          lastDrill: asked === undefined ? null : { reached: asked.delivered.has(hex), acked: asked.responses.has(hex) },
          self
        }
      })
      return readiness(inputs, now)
    }
  }
}

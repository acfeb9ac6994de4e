// Opening an incident from a team, on both ends. The admin's device creates the incident, adds
// every current team member with the role it holds in the team (its epoch key sealed to each, no
// invite), seeds it from a playbook and writes the roster into the team's log (`activate`).
// Every member's device that reads that entry — live, or from whichever member it meets next —
// joins the incident on its own, asks the members it is connected to for what it lacks, and
// tells its user (the `activated` event).
import type { ApiEvents, Playbook } from '../api/types.js'
import { fromHex, toHex } from '../codec/bytes.js'
import { NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { requireWriter } from '../incident/applier.js'
import { Incident, type IncidentListener } from '../incident/incident.js'
import type { IncidentRegistry } from '../incident/registry.js'
import type { Stats } from '../net/stats.js'
import type { Store } from '../storage/store.js'
import { activationPayload, activationsOf, type Activation } from '../team/activation.js'
import { seedOf, type Seed } from '../team/playbooks.js'
import { addTask, addTimeline, appendNote, newId } from '../workspace/edits.js'
import { memberNames } from './member-names.js'

export interface TeamActivationDeps {
  store: Store
  me: DeviceIdentity
  incidents: IncidentRegistry
  listener: IncidentListener
  stats: Stats
  name: () => string
  /** Makes an incident live here: registry, gossip, receipts. */
  register: (incident: Incident) => void
  /** Asks the connected members of a newly joined incident for what they hold. */
  pullFromMembers: (incident: Incident) => void
  /** Tells the other members that a roster changed. */
  announce: (incident: Incident) => void
  emit: (event: 'activated', payload: ApiEvents['activated']) => void
}

export class TeamActivations {
  private readonly joining = new Set<string>()

  constructor (private readonly deps: TeamActivationDeps) {}

  /** The team admin's side: the new incident's id once the team's log names it. */
  async open (team: Incident, title: string, playbook: Playbook | undefined): Promise<Incident> {
    requireWriter(team.state, team.myKeyHex, 'activate')
    const { store, me, listener } = this.deps
    const incident = await Incident.create(store, me, listener, title, this.deps.name())
    const names = memberNames(team)
    const now = Date.now()
    for (const [hex, m] of team.state.members) {
      if (hex === team.myKeyHex || (m.until !== undefined && m.until <= now)) continue
      await incident.authorRosterOp({
        k: 'add',
        d: { m: m.publicKey, x: m.x25519, n: names.get(hex) ?? m.name, r: m.role, k: incident.sealEpochKeysFor(m.publicKey, m.x25519, m.role), u: m.until }
      })
    }
    this.deps.register(incident)
    if (playbook !== undefined) await seed(incident, seedOf(playbook, ownersOf(team), now))
    await team.append(activationPayload(incident.id, title, incident.rosterOps, playbook?.name))
    this.deps.announce(incident)
    return incident
  }

  /** A team record was stored: an activation is joined if it admits this device. */
  arrived (team: Incident, activation: Activation): void {
    void this.join(team, activation)
  }

  /** At start and when a team is joined: the activations this device has not joined yet (a crash, or older entries). */
  catchUp (team: Incident): void {
    for (const activation of activationsOf(team.records).values()) void this.join(team, activation)
  }

  private async join (team: Incident, activation: Activation): Promise<void> {
    const { incidentId } = activation
    if (team.kind !== 'team' || this.deps.incidents.get(incidentId) !== undefined || this.joining.has(incidentId)) return
    // Judged again now: an activation by someone who is no longer an admin of the team is not followed.
    if (team.state.members.get(activation.byHex)?.role !== 'admin') return
    // Nothing to join unless it admits us (a member added to the team after the activation).
    const me = toHex(this.deps.me.signer.publicKey)
    if (!activation.ops.some(op => op.body.k === 'add' && toHex(op.body.d.m) === me)) return
    this.joining.add(incidentId)
    try {
      const incident = await Incident.joined(this.deps.store, this.deps.me, this.deps.listener, fromHex(incidentId), activation.ops)
      this.deps.register(incident)
      this.deps.pullFromMembers(incident)
      this.deps.emit('activated', { incidentId, title: incident.title, teamId: team.idHex, by: activation.by, byName: memberNames(team).get(activation.byHex) ?? activation.by })
    } catch (err) {
      this.deps.stats.drop('activation', err instanceof Error ? err.message.slice(0, 60) : 'failed')
    } finally {
      this.joining.delete(incidentId)
    }
  }
}

/** Who holds each role in the team (peer ids, by name), for a playbook's owners. */
function ownersOf (team: Incident): { lead: string, byRole: Map<string, string[]> } {
  const names = memberNames(team)
  const byRole = new Map<string, string[]>()
  const members = [...team.state.members].filter(([, m]) => m.until === undefined || m.until > Date.now())
    .sort(([a], [b]) => (names.get(a) ?? '').localeCompare(names.get(b) ?? ''))
  for (const [, m] of members) byRole.set(m.role, [...byRole.get(m.role) ?? [], m.peerId])
  return { lead: team.state.members.get(team.myKeyHex)?.peerId ?? '', byRole }
}

/** Writes a playbook's seed into the incident in one workspace change (one entry). */
async function seed (incident: Incident, plan: Seed): Promise<void> {
  const createdAt = Date.now()
  await incident.changeWorkspace(ws => {
    for (const t of plan.tasks) addTask(ws, newId(), { title: t.title, assignee: t.assignee, due: t.due, status: 'open', createdAt })
    for (const e of plan.timeline) addTimeline(ws, newId(), { occurredAt: e.occurredAt, text: e.text, source: 'playbook', tags: ['playbook'], evidence: [], createdAt })
    for (const n of plan.notes) appendNote(ws, n.name, n.text)
  })
}

/** A playbook by name: the team's own first, then a built-in one. */
export function findPlaybook (name: string, teamPlaybooks: ReadonlyMap<string, Playbook>, builtIn: readonly Playbook[]): Playbook {
  const found = teamPlaybooks.get(name) ?? builtIn.find(p => p.name === name)
  if (found === undefined) throw new NotFoundError(`no playbook "${name}": see playbook list`)
  return found
}

// Front-end replicas of a workspace (an editor window holding its own Y.Doc). Each attached
// session leases one of this device's clientID slots (1..7; slot 0 is the node's own), so no two
// replicas ever write under the same id. The exchange mirrors y-protocols' sync: attach returns
// the full state (step 2 for an empty replica), `sync` answers a state vector with the missing
// diff, updates flow both ways, and the node logs each replica update as a signed entry.
// The incident is seen through ReplicaHost (the workspace sits below the incident).
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { fromHex } from '../codec/bytes.js'
import { LifeboatError } from '../errors.js'
import { CLIENT_ID_SLOTS, workspaceClientId } from './client-id.js'
import type { Workspace } from './workspace.js'

/** What replica sessions need of an incident. */
export interface ReplicaHost {
  readonly id: Uint8Array
  readonly myKeyHex: string
  readonly workspace: Workspace
  /** Applies a replica's update written under `clientId` and logs it as this device's entry. */
  applyReplicaUpdate(update: Uint8Array, clientId: number, origin: unknown): Promise<unknown>
}

export class SessionExpiredError extends LifeboatError {
  constructor () { super('session-expired', 'this workspace session has ended; attach again'); this.name = 'SessionExpiredError' }
}

interface Lease { sessionId: string, incident: ReplicaHost, slot: number, clientId: number, since: number }

export class ReplicaSessions {
  private readonly leases = new Map<string, Lease>()

  attach (incident: ReplicaHost): { sessionId: string, clientId: number, update: Uint8Array } {
    const taken = new Set([...this.leases.values()].filter(l => l.incident === incident).map(l => l.slot))
    let slot = Array.from({ length: CLIENT_ID_SLOTS - 1 }, (_, i) => i + 1).find(s => !taken.has(s))
    if (slot === undefined) {
      // Every slot is leased: the oldest session gives its slot up (it must attach again).
      const oldest = [...this.leases.values()].filter(l => l.incident === incident).sort((a, b) => a.since - b.since)[0] as Lease
      this.leases.delete(oldest.sessionId)
      slot = oldest.slot
    }
    const lease: Lease = {
      sessionId: randomBytes(12).toString('hex'), incident, slot, since: Date.now(),
      clientId: workspaceClientId(myKey(incident), incident.id, slot)
    }
    this.leases.set(lease.sessionId, lease)
    return { sessionId: lease.sessionId, clientId: lease.clientId, update: Y.encodeStateAsUpdate(incident.workspace.doc) }
  }

  detach (sessionId: string): void { this.leases.delete(sessionId) }

  /** Ends every session of `incident` (its workspace was rebuilt: replicas must attach again). */
  expire (incident: ReplicaHost): void {
    for (const [sessionId, lease] of this.leases) if (lease.incident === incident) this.leases.delete(sessionId)
  }

  /** A replica's own update: applied, logged and signed by this device. */
  async apply (incident: ReplicaHost, sessionId: string, update: Uint8Array): Promise<void> {
    const lease = this.lease(incident, sessionId)
    await incident.applyReplicaUpdate(update, lease.clientId, { session: sessionId })
  }

  /** What a replica with `stateVector` lacks (y-protocols sync step 2). */
  diff (incident: ReplicaHost, stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(incident.workspace.doc, stateVector)
  }

  private lease (incident: ReplicaHost, sessionId: string): Lease {
    const lease = this.leases.get(sessionId)
    if (lease === undefined || lease.incident !== incident) throw new SessionExpiredError()
    return lease
  }
}

function myKey (incident: ReplicaHost): Uint8Array {
  return fromHex(incident.myKeyHex)
}

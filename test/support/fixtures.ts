// Typed access to the golden fixtures in test/fixtures/ (written by scripts/make-fixtures.ts).
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { bytesOf, type Jsonable } from './hexjson.js'
import { identityFromSeeds } from './identities.js'
import { readFixture } from './paths.js'

export interface IdentityFixture { name: string, edSeed: string, edPublic: string, xSecret: string, xPublic: string, peerId: string, fingerprint: string, stored: string }
export interface OpFixture { name: string, author: string, deterministic: boolean, hash: string, wire: string, body: { [key: string]: Jsonable } }
export interface RosterFixture {
  incidentId: string
  inviteSecret: string
  epochs: Array<{ id: number, key: string, createdBy: string }>
  ops: OpFixture[]
  foldedState: {
    title: string
    members: Array<{ name: string, role: string, epochs: number[] }>
    removed: Array<{ name: string, lastSeq: number, removedBy: string }>
    invites: Array<{ hash: string, role: string, expiresAt: number, uses: number, used: number }>
    currentEpoch: number
    heads: string[]
  }
}
export interface PayloadFixture { name: string, input: { [key: string]: Jsonable }, bytes: string }
export interface EntryFixture { name: string, author: string, payload: string, epoch: number, hash: string, wire: string, body: { [key: string]: Jsonable } }
export interface LinkFixture { name: string, link: string, fields: { [key: string]: Jsonable } }

export const identityFixtures = (): IdentityFixture[] => readFixture<{ identities: IdentityFixture[] }>('identities.json').identities
export const rosterFixture = (): RosterFixture => readFixture<RosterFixture>('roster-ops.json')
export const payloadFixtures = (): { payloads: PayloadFixture[], unknown: Array<{ name: string, bytes: string }> } => readFixture('payloads.json')
export const entryFixtures = (): EntryFixture[] => readFixture<{ entries: EntryFixture[] }>('entries.json').entries
export const linkFixtures = (): LinkFixture[] => readFixture<{ links: LinkFixture[] }>('invite-links.json').links
export const compactLinkFixtures = (): LinkFixture[] => readFixture<{ links: LinkFixture[] }>('invite-links-v2.json').links

/** The fixture identities (alice, bob, carol) by name, built from their seeds. */
export async function fixtureIdentities (): Promise<Map<string, DeviceIdentity>> {
  const out = new Map<string, DeviceIdentity>()
  for (const f of identityFixtures()) out.set(f.name, await identityFromSeeds(bytesOf(f.edSeed), bytesOf(f.xSecret)))
  return out
}

export function must<T> (value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fixture has no ${what}`)
  return value
}

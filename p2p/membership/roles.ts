// Roles in an incident's roster (docs/PROTOCOL.md §5). A relay is an always-on node that stores
// and serves the incident's encrypted entries and roster to members but never holds an epoch
// key and never writes: its role is fixed (no `role` op sets or changes it).
export const ROLES = ['admin', 'responder', 'guest', 'observer', 'relay'] as const
export type Role = typeof ROLES[number]
export const INVITABLE_ROLES = ['responder', 'guest', 'observer', 'relay'] as const satisfies readonly Role[]

export function isRole (value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Whether members of this role are given the incident's epoch keys (every role but relay). */
export function holdsEpochKeys (role: Role | undefined): boolean {
  return role !== 'relay'
}

export const ROLES = ['admin', 'responder', 'guest', 'observer'] as const
export type Role = typeof ROLES[number]
export const INVITABLE_ROLES = ['responder', 'guest', 'observer'] as const satisfies readonly Role[]

export function isRole (value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

// Roles: the five known roles, and which of them an invite may grant (all but admin).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { INVITABLE_ROLES, isRole, ROLES } from '../../p2p/membership/roles.js'

describe('roles', () => {
  test('the roles of docs/ARCHITECTURE.md, and admin is not invitable', () => {
    assert.deepEqual([...ROLES].sort(), ['admin', 'guest', 'observer', 'relay', 'responder'])
    assert.deepEqual([...INVITABLE_ROLES].sort(), ['guest', 'observer', 'relay', 'responder'])
  })

  test('isRole accepts exactly the role names', () => {
    for (const role of ROLES) assert.equal(isRole(role), true)
    for (const value of ['Admin', 'ADMIN', '', ' admin', 'root', 'toString', 'constructor', 0, null, undefined, ['admin'], { role: 'admin' }]) {
      assert.equal(isRole(value), false, JSON.stringify(value) ?? String(value))
    }
  })
})

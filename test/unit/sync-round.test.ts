// Which members sync's periodic round pulls from (p2p/services/sync/sync-round.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Incident } from '../../p2p/incident/incident.js'
import { planRound } from '../../p2p/services/sync/sync-round.js'

const incident = (idHex: string, tracingFork = false): Incident => ({ idHex, tracingFork }) as unknown as Incident

describe('sync round plan', () => {
  const quiet = incident('aa')
  const forked = incident('bb', true)
  const busy = incident('cc')
  const shared = (): Incident[] => [quiet, forked, busy]
  const agreesOn = (...incidents: Incident[]) => (_peer: string, i: Incident): boolean => incidents.includes(i)

  test('leaves out incidents in agreement, except one whose fork is being traced', () => {
    const plan = planRound(['p1'], shared, agreesOn(quiet, forked))
    assert.deepEqual(plan.pull.map(x => x.incident.idHex), ['bb', 'cc'])
    assert.equal(plan.leftOut, 1)
  })

  test('pulls everything shared with members not in agreement, each member once', () => {
    const plan = planRound(['p1', 'p2', 'p1'], shared, agreesOn())
    assert.deepEqual(plan.pull.map(x => `${x.peerId}/${x.incident.idHex}`), ['p1/aa', 'p1/bb', 'p1/cc', 'p2/aa', 'p2/bb', 'p2/cc'])
    assert.equal(plan.leftOut, 0)
  })
})

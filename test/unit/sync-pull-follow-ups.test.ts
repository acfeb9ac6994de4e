// What sync does at the end of a pull whose server holds more (p2p/services/sync/pull-follow-ups.ts):
// one more pull after the gossip grace, and none after that one; a grace pull that ends without
// a server's end (refused, dropped) must not swallow the follow-up of the next pull. Fake clock.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { GraceChecks } from '../../p2p/net/gossip-grace.js'
import { PullFollowUps } from '../../p2p/services/sync/pull-follow-ups.js'
import type { Incident } from '../../p2p/incident/incident.js'

const AUTHOR = new Uint8Array(32).fill(7)
const AUTHOR_HEX = '07'.repeat(32)

function setUp () {
  const due: Array<() => void> = []
  const held = new Map<string, number>([[AUTHOR_HEX, 3]])
  const incident = { idHex: 'ab'.repeat(16), logs: { headSeq: (author: string) => held.get(author) ?? 0 } } as unknown as Incident
  const pulls: string[] = []
  const followUps = new PullFollowUps(peerId => pulls.push(peerId), () => true, new GraceChecks(1000, run => { due.push(run) }))
  const graceEnds = (): void => { for (const run of due.splice(0)) run() }
  return { incident, pulls, followUps, graceEnds }
}

describe('pull follow-ups', () => {
  test('a server holding more is pulled once more after the grace, and not again after that pull', () => {
    const { incident, pulls, followUps, graceEnds } = setUp()
    followUps.afterPull('peer', incident, [[AUTHOR, 5]], new Set())
    assert.deepEqual(pulls, [], 'not at once: gossip may be bringing it')
    graceEnds()
    assert.deepEqual(pulls, ['peer'])
    followUps.afterPull('peer', incident, [[AUTHOR, 5]], new Set())
    graceEnds()
    assert.deepEqual(pulls, ['peer'], 'the grace pull ending still behind starts no other')
  })

  test('nothing is pulled when gossip brought it within the grace', () => {
    const { incident, pulls, followUps, graceEnds } = setUp()
    followUps.afterPull('peer', incident, [[AUTHOR, 3]], new Set())
    graceEnds()
    assert.deepEqual(pulls, [])
  })

  test('a grace pull that ended without a server end leaves the next pull its follow-up', () => {
    const { incident, pulls, followUps, graceEnds } = setUp()
    followUps.afterPull('peer', incident, [[AUTHOR, 5]], new Set())
    graceEnds()
    assert.deepEqual(pulls, ['peer'])
    // That pull was refused: no end came, only the pulls' own end.
    followUps.pullsEnded('peer', incident)
    followUps.afterPull('peer', incident, [[AUTHOR, 6]], new Set())
    graceEnds()
    assert.deepEqual(pulls, ['peer', 'peer'])
  })
})

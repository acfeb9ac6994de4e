// Join attempts are limited per remote address and overall, not only per peer id: fresh peer ids
// cost an attacker nothing (join-limits.ts).
//
// Real nodes on 127.0.0.1 in this process: Lifeboat admins A (the default join limits) and G (a
// small overall limit), and twelve raw libp2p nodes with fresh ids, all from 127.0.0.1, each making
// join attempts with a wrong invite secret.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatNode } from '../../p2p/index.js'
import { decodeInviteLink, type InviteLink } from '../../p2p/membership/invite-link.js'
import { DEFAULT_JOIN_LIMITS } from '../../p2p/services/join/join-limits.js'
import { TestNet } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'

const net = new TestNet()
const WRONG_SECRET = new Uint8Array(32).fill(7)

async function inviteOf (admin: LifeboatNode): Promise<InviteLink> {
  const { incidentId } = await admin.call('createIncident', { title: 'Credential stuffing' })
  const { invite } = await admin.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
  return decodeInviteLink(invite)
}

async function freshPeers (admin: LifeboatNode, count: number): Promise<RawNode[]> {
  return await Promise.all(Array.from({ length: count }, async () => {
    const peer = net.track('fresh peer', await startRawNode())
    await peer.connect(admin.addrs())
    return peer
  }))
}

/** Each peer tries `perPeer` times; the refusal codes in order. */
async function attempts (admin: LifeboatNode, peers: RawNode[], link: InviteLink, perPeer: number): Promise<string[]> {
  const codes: string[] = []
  for (const peer of peers) {
    for (let i = 0; i < perPeer; i++) {
      const result = await rawJoin(peer, admin.peerId, link, { proofSecret: WRONG_SECRET })
      codes.push(result.ok ? 'admitted' : result.refusal.c)
    }
  }
  return codes
}

const count = (codes: string[], code: string): number => codes.filter(c => c === code).length

describe('join limits', { timeout: 60_000 }, () => {
  after(async () => {
    const problems = await net.stop()
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  test('60 attempts from 12 fresh peer ids on one address: the address limit refuses the rest', async () => {
    const a = await net.lifeboat('Alice', { limits: { joins: DEFAULT_JOIN_LIMITS } })
    const link = await inviteOf(a)
    const started = Date.now()
    const codes = await attempts(a, await freshPeers(a, 12), link, 5)
    console.log(`# 60 attempts in ${Date.now() - started} ms: ${count(codes, 'bad-secret')} answered, ${count(codes, 'rate-limited')} rate-limited`)
    assert.equal(count(codes, 'admitted'), 0)
    // The bucket refills at 20 a minute: one more attempt may pass if the run takes over 3 s.
    const answered = count(codes, 'bad-secret')
    assert.ok(answered >= DEFAULT_JOIN_LIMITS.perAddressPerMinute && answered <= DEFAULT_JOIN_LIMITS.perAddressPerMinute + 2, `${answered} attempts answered`)
    assert.equal(count(codes, 'rate-limited'), 60 - answered)
    assert.equal((await a.call('stats', {})).dropped['join:rate-limited'], 60 - answered)
  })

  test('attempts from many peer ids are limited overall', async () => {
    const g = await net.lifeboat('Grace', { limits: { joins: { perAddressPerMinute: 1_000, globalPerMinute: 8 } } })
    const link = await inviteOf(g)
    const codes = await attempts(g, await freshPeers(g, 12), link, 1)
    assert.deepEqual(codes, [...new Array<string>(8).fill('bad-secret'), ...new Array<string>(4).fill('rate-limited')])
  })
})

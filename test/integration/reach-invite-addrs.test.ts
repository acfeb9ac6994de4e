// A node listening on all interfaces hands out only addresses another machine can use: its
// invites and whoami carry no 127.0.0.1 and no 0.0.0.0 (before, invites embedded 127.0.0.1).
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { networkInterfaces } from 'node:os'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { TestNet } from '../support/nodes.js'
import { createLifeboat } from '../../p2p/index.js'
import { withTempDir } from '../support/tempdir.js'

const hasExternalIpv4 = Object.values(networkInterfaces()).flat().some(i => i !== undefined && !i.internal && i.family === 'IPv4')

describe('advertised addresses', () => {
  const net = new TestNet()
  after(async () => { await net.stop() })

  test('a node on 0.0.0.0 advertises no loopback', { skip: hasExternalIpv4 ? false : 'this machine has no non-loopback IPv4 address' }, async () => {
    await withTempDir(async dataDir => {
      const node = net.track('wildcard node', await createLifeboat({ dataDir, listen: ['/ip4/0.0.0.0/tcp/0'], mdns: false, dht: false }))
      const { incidentId } = await node.call('createIncident', { title: 'Addresses' })
      const { invite } = await node.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
      const inviteAddrs = decodeInviteLink(invite).addrs
      const whoamiAddrs = (await node.call('whoami', {})).addrs
      for (const addrs of [inviteAddrs, whoamiAddrs]) {
        assert.ok(addrs.length > 0)
        assert.ok(addrs.every(a => !a.startsWith('/ip4/127.') && !a.startsWith('/ip4/0.0.0.0') && !a.startsWith('/ip6/::1/')), addrs.join(' '))
      }
      await net.stopOne(node)
    })
  })

  test('a node on loopback only still advertises loopback', async () => {
    const node = await net.lifeboat('Loopy')
    assert.ok(node.addrs().every(a => a.startsWith('/ip4/127.0.0.1/tcp/')) && node.addrs().length === 1, node.addrs().join(' '))
  })
})

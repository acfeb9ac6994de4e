// A node listening on all interfaces hands out only addresses another machine can use: its
// invites and whoami carry no 127.0.0.1 and no 0.0.0.0 (before, invites embedded 127.0.0.1).
// The wildcard node runs inside a network namespace the test creates, so it never listens on
// this machine's real network card.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import type { Whoami } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, makeTempDir, startDaemon } from '../support/cli.js'
import { NETNS_ADDRESS, netnsUnavailable, withNetns } from '../support/netns.js'
import { TestNet } from '../support/nodes.js'

describe('advertised addresses', () => {
  const net = new TestNet()
  after(async () => {
    await net.stop()
    await cleanupCli()
  })

  test('a node on 0.0.0.0 advertises no loopback', { skip: netnsUnavailable() ?? false }, async () => {
    await withNetns(async netns => {
      const dir = await makeTempDir()
      const daemon = await startDaemon(dir, ['--listen', '/ip4/0.0.0.0/tcp/0', '--no-mdns', '--no-dht'], { netns })
      try {
        const incidentId = (await lifeboat<{ incidentId: string }>(dir, 'incident', 'create', 'Addresses')).incidentId
        const invite = (await lifeboat<{ invite: string }>(dir, 'invite', 'create', incidentId, '--role', 'responder', '--expires', '1h', '--uses', '1')).invite
        const whoami = await lifeboat<Whoami>(dir, 'whoami')
        for (const addrs of [decodeInviteLink(invite).addrs, whoami.addrs, daemon.addrs]) {
          assert.ok(addrs.some(a => a.startsWith(`/ip4/${NETNS_ADDRESS}/tcp/`)), addrs.join(' '))
          assert.ok(addrs.every(a => !a.startsWith('/ip4/127.') && !a.startsWith('/ip4/0.0.0.0') && !a.startsWith('/ip6/::1/')), addrs.join(' '))
        }
      } finally {
        await daemon.stop()
      }
    })
  })

  test('a node on loopback only still advertises loopback', async () => {
    const node = await net.lifeboat('Loopy')
    assert.ok(node.addrs().every(a => a.startsWith('/ip4/127.0.0.1/tcp/')) && node.addrs().length === 1, node.addrs().join(' '))
  })
})

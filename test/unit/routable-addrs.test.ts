// Which addresses a node hands out (p2p/net/routable-addrs.ts) and when the machine's own
// addresses count as changed (p2p/services/peers/interface-watch.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { NetworkInterfaceInfo } from 'node:os'
import { multiaddr } from '@multiformats/multiaddr'
import { routableAddrs } from '../../p2p/net/routable-addrs.js'
import { externalAddressSet, watchInterfaces } from '../../p2p/services/peers/interface-watch.js'

const routable = (addrs: string[]): string[] => routableAddrs(addrs.map(a => multiaddr(a))).map(String)

describe('routable addresses', () => {
  test('a node on all interfaces advertises neither loopback nor 0.0.0.0', () => {
    assert.deepEqual(routable(['/ip4/127.0.0.1/tcp/4101', '/ip4/192.168.1.20/tcp/4101', '/ip4/127.0.1.1/tcp/4101', '/ip6/::1/tcp/4101', '/ip4/0.0.0.0/tcp/4101', '/ip6/fe80::1/tcp/4101']),
      ['/ip4/192.168.1.20/tcp/4101', '/ip6/fe80::1/tcp/4101'])
  })

  test('a node on loopback only keeps loopback, never 0.0.0.0', () => {
    assert.deepEqual(routable(['/ip4/127.0.0.1/tcp/4101', '/ip4/0.0.0.0/tcp/4101', '/ip6/::1/tcp/4101']), ['/ip4/127.0.0.1/tcp/4101', '/ip6/::1/tcp/4101'])
  })

  test('names without an IP stay', () => {
    assert.deepEqual(routable(['/dns4/relay.example/tcp/4101', '/ip4/127.0.0.1/tcp/1']), ['/dns4/relay.example/tcp/4101'])
  })
})

describe('network interface changes', () => {
  const info = (address: string, internal = false): NetworkInterfaceInfo =>
    ({ address, internal, family: 'IPv4', netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null })

  test('only non-internal addresses count, in any order', () => {
    const one = externalAddressSet({ lo: [info('127.0.0.1', true)], eth0: [info('10.0.0.5')], wlan0: [info('192.168.1.9')] })
    const same = externalAddressSet({ wlan0: [info('192.168.1.9')], eth0: [info('10.0.0.5')], lo: [info('127.0.0.2', true)] })
    assert.equal(one, same)
    assert.notEqual(one, externalAddressSet({ eth0: [info('10.0.0.6')], wlan0: [info('192.168.1.9')] }))
  })

  test('a poll that sees another address set reports one change', async () => {
    let current: NodeJS.Dict<NetworkInterfaceInfo[]> = { eth0: [info('10.0.0.5')] }
    let changes = 0
    const stop = watchInterfaces(10, () => { changes++ }, () => current)
    try {
      await new Promise(resolve => setTimeout(resolve, 50))
      assert.equal(changes, 0)
      current = { eth0: [info('10.0.0.77')] }
      await new Promise(resolve => setTimeout(resolve, 50))
      assert.equal(changes, 1)
    } finally {
      stop()
    }
  })
})

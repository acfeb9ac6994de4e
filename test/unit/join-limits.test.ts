// Join attempts limited per peer id, per remote address and overall (join-limits.ts), and the
// remote host a connection's address names (net/remote-host.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { remoteHost } from '../../p2p/net/remote-host.js'
import { DEFAULT_JOIN_LIMITS, JoinAttemptLimits } from '../../p2p/services/join/join-limits.js'

const T0 = 1_000_000

describe('join attempt limits', () => {
  test('a device\'s failed attempts with one link do not hold up its attempt with another (issue 11)', () => {
    const limits = new JoinAttemptLimits()
    for (let i = 0; i < DEFAULT_JOIN_LIMITS.perPeerPerMinute; i++) assert.equal(limits.take('joe', '10.0.0.9', T0, 'link-one'), true)
    assert.equal(limits.take('joe', '10.0.0.9', T0, 'link-one'), false, 'the same link again is limited')
    assert.equal(limits.take('joe', '10.0.0.9', T0, 'link-two'), true, 'a fresh link is served')
    assert.equal(limits.take('joe', '10.0.0.9', T0), true, 'so is a request too broken to name a link')
  })

  test('fresh peer ids from one address are limited by the address', () => {
    const limits = new JoinAttemptLimits()
    const allowed = Array.from({ length: 60 }, (_, i) => limits.take(`peer-${Math.floor(i / 5)}`, '10.0.0.66', T0 + i * 18)).filter(Boolean).length
    assert.equal(allowed, DEFAULT_JOIN_LIMITS.perAddressPerMinute, '60 attempts from 12 fresh ids in 1.1 s')
    assert.equal(limits.take('someone-else', '10.0.0.7', T0 + 1_100), true, 'another address is not affected')
  })

  test('one peer id is limited even from many addresses; the address budget is not spent on it', () => {
    const limits = new JoinAttemptLimits()
    const allowed = Array.from({ length: 10 }, (_, i) => limits.take('pest', `10.0.1.${i}`, T0)).filter(Boolean).length
    assert.equal(allowed, DEFAULT_JOIN_LIMITS.perPeerPerMinute)
    for (let i = 0; i < DEFAULT_JOIN_LIMITS.perAddressPerMinute; i++) assert.equal(limits.take(`fresh-${i}`, '10.0.1.9', T0), true)
  })

  test('many addresses are limited overall, and every bucket refills within a minute', () => {
    const limits = new JoinAttemptLimits({ perPeerPerMinute: 5, perAddressPerMinute: 20, globalPerMinute: 30 })
    const allowed = Array.from({ length: 50 }, (_, i) => limits.take(`peer-${i}`, `10.0.2.${i}`, T0)).filter(Boolean).length
    assert.equal(allowed, 30)
    assert.equal(limits.take('late', '10.0.3.1', T0 + 60_000), true)
  })

  test('the remote host of an address: IPv4 as is, IPv6 by its /64', () => {
    assert.equal(remoteHost(multiaddr('/ip4/192.168.1.20/tcp/4001')), '192.168.1.20')
    assert.equal(remoteHost(multiaddr('/ip6/::1/tcp/4001/p2p/12D3KooWLgtxc5zs3kfeqUTRuEDCk6Jmd6ArAiHUbxN8Hqy3iDFj')), '0:0:0:0::/64')
    assert.equal(remoteHost(multiaddr('/ip6/2001:db8:7:1:aaaa::1/tcp/1')), '2001:db8:7:1::/64')
    assert.equal(remoteHost(multiaddr('/ip6/2001:db8:7:1:bbbb:cccc:dddd:2/tcp/1')), '2001:db8:7:1::/64')
    assert.equal(remoteHost(multiaddr('/ip6/2001:db8::1/tcp/1')), '2001:db8:0:0::/64')
    assert.equal(remoteHost(multiaddr('/ip6/::ffff:10.1.2.3/tcp/1')), '10.1.2.3')
  })
})

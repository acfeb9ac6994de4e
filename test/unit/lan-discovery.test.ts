// LAN discovery's pure parts: the mDNS records (the shape @libp2p/mdns uses, so old and new nodes
// meet; bounded against what the LAN sends), the interfaces it speaks on and which one answers a
// sender, the sentence every front end shows, and what counts as news of an address.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { Packet } from 'dns-packet'
import { discoveryText } from '../../p2p/api/discovery-text.js'
import { interfaceFor, lanInterfaces } from '../../p2p/services/discovery/lan-interfaces.js'
import { answersFor, isQueryFor, peerFromResponse, queryFor } from '../../p2p/services/discovery/mdns-records.js'
import { freshAddresses } from '../../p2p/services/peers/address-news.js'

const TAG = 'lifeboat'

test('answers carry private addresses only, as @libp2p/mdns TXT records, and parse back', async () => {
  const id = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const addrs = ['/ip4/10.77.0.11/tcp/4101', '/ip4/93.184.216.34/tcp/4101', '/ip4/127.0.0.1/tcp/4101'].map(a => multiaddr(`${a}/p2p/${id}`))
  const answers = answersFor('me', TAG, addrs)
  assert.deepEqual(answers.map(a => [a.type, a.name, 'data' in a ? a.data : undefined]), [
    ['PTR', TAG, `me.${TAG}`],
    ['TXT', `me.${TAG}`, `dnsaddr=/ip4/10.77.0.11/tcp/4101/p2p/${id}`],
    ['TXT', `me.${TAG}`, `dnsaddr=/ip4/127.0.0.1/tcp/4101/p2p/${id}`]
  ])
  const response: Packet = { type: 'response', answers, additionals: [] }
  const found = peerFromResponse(response, 'other', TAG)
  assert.equal(found?.id.toString(), id)
  assert.deepEqual(found?.multiaddrs.map(String), ['/ip4/10.77.0.11/tcp/4101', '/ip4/127.0.0.1/tcp/4101'])
  assert.equal(peerFromResponse(response, 'me', TAG), undefined, 'our own answer')
  assert.equal(peerFromResponse(response, 'other', 'another-app'), undefined, 'another service')
  assert.ok(isQueryFor({ type: 'query', questions: queryFor(TAG) }, TAG))
  assert.equal(answersFor('me', TAG, [multiaddr('/ip4/10.0.0.1/tcp/1')]).length, 0, 'no answer without a peer id')
})

test('a response from the LAN is bounded: bad records are skipped, another peer id ignored, 16 addresses at most', async () => {
  const id = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const other = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const txt = (data: string | Uint8Array) => ({ name: `x.${TAG}`, type: 'TXT' as const, data: data as string })
  const response: Packet = {
    type: 'response',
    answers: [{ name: TAG, type: 'PTR', data: `x.${TAG}` }, txt('dnsaddr=not a multiaddr'), txt('nothing'), txt(`dnsaddr=/ip4/10.0.0.9/tcp/1/p2p/${other}`)],
    additionals: Array.from({ length: 40 }, (_, i) => txt(new TextEncoder().encode(`dnsaddr=/ip4/10.0.1.${i}/tcp/1/p2p/${id}`)))
  }
  const found = peerFromResponse(response, 'me', TAG)
  assert.equal(found?.id.toString(), other)
  assert.deepEqual(found?.multiaddrs.map(String), ['/ip4/10.0.0.9/tcp/1'])
  const many = peerFromResponse({ ...response, answers: response.answers?.slice(0, 1) }, 'me', TAG)
  assert.equal(many?.multiaddrs.length, 16)
  assert.equal(peerFromResponse({ type: 'response', answers: [{ name: TAG, type: 'PTR', data: `x.${TAG}` }] }, 'me', TAG), undefined)
})

test('interfaces: non-loopback IPv4, one per interface; a sender is answered on its own subnet', () => {
  const info = (address: string, netmask: string, family: 'IPv4' | 'IPv6' = 'IPv4', internal = false) => ({ address, netmask, family, internal, mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 })
  const interfaces = lanInterfaces({
    lo: [info('127.0.0.1', '255.0.0.0', 'IPv4', true)],
    wlan0: [info('192.168.1.20', '255.255.255.0'), info('fe80::1', 'ffff:ffff:ffff:ffff::', 'IPv6')],
    eth0: [info('10.77.0.11', '255.255.255.0'), info('10.77.0.99', '255.255.255.0')],
    tun0: [info('fe80::2', 'ffff:ffff:ffff:ffff::', 'IPv6')]
  } as never)
  assert.deepEqual(interfaces.map(i => `${i.name} ${i.address}`), ['eth0 10.77.0.11', 'wlan0 192.168.1.20'])
  assert.equal(interfaceFor('192.168.1.5', interfaces)?.name, 'wlan0')
  assert.equal(interfaceFor('10.77.0.13', interfaces)?.name, 'eth0')
  assert.equal(interfaceFor('169.254.3.3', interfaces)?.name, 'eth0', 'no subnet matches: the first interface')
  assert.equal(interfaceFor('10.0.0.1', []), undefined)
})

test('the discovery sentence names what is wrong', () => {
  assert.match(discoveryText({ mdns: 'off', interfaces: [] }), /^LAN discovery \(mDNS\) is off on this device/)
  assert.equal(discoveryText({ mdns: 'failing', error: 'eth0: send EPERM 224.0.0.251:5353', interfaces: [{ name: 'eth0', address: '10.0.0.2', error: 'send EPERM 224.0.0.251:5353' }] }),
    'LAN discovery cannot send on this network: eth0: send EPERM 224.0.0.251:5353. Until it can, members are still reached at their saved addresses, through invites and by connecting to an address.')
  assert.equal(discoveryText({ mdns: 'on', interfaces: [{ name: 'eth0', address: '10.0.0.2' }, { name: 'wlan0', address: '192.168.1.2', error: 'send EPERM' }] }),
    'LAN discovery (mDNS) is on (eth0 10.0.0.2); it cannot send on wlan0: send EPERM.')
})

test('news of an address: only addresses not seen before, and none for a first sighting', () => {
  assert.deepEqual(freshAddresses(undefined, ['/ip4/10.0.0.1/tcp/1']), [])
  assert.deepEqual(freshAddresses(['/ip4/10.0.0.1/tcp/1'], ['/ip4/10.0.0.1/tcp/1']), [])
  assert.deepEqual(freshAddresses(['/ip4/10.0.0.1/tcp/1'], ['/ip4/10.0.0.1/tcp/1', '/ip4/10.0.0.2/tcp/1']), ['/ip4/10.0.0.2/tcp/1'])
})

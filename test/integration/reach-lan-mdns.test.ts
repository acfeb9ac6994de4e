// Three laptops on an isolated LAN (network namespaces on a bridge, static addresses, no default
// route, DHT off). 1: they find each other by mDNS and an incident converges, including the direct
// link between the two invitees that only discovery can give (before: every multicast send failed
// with ENETUNREACH, silently, and B and C never met). 2: all restart with UDP 5353 blocked: they
// re-mesh from saved addresses, and whoami says discovery cannot send. 3: one laptop's address
// changes while running: converged within 10 s. Every namespace and process goes, even on failure.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { lanUnavailable, NetnsLan, type Laptop } from '../support/netns-lan.js'
import { waitFor } from '../support/wait.js'

interface Member { name: string, dir: string, laptop: Laptop, daemon?: RunningDaemon, client?: ControlClient }

const skip = lanUnavailable()

describe('an isolated LAN without a default route (network namespaces)', { skip: skip ?? false }, () => {
  let lan: NetnsLan | undefined
  const members: Member[] = []
  let incidentId = ''

  before(async () => {
    lan = new NetnsLan(3)
    for (const [i, name] of ['Ana', 'Ben', 'Cy'].entries()) members.push({ name, dir: await makeTempDir(`lifeboat-lan-${name}-`), laptop: lan.laptops[i] as Laptop })
  })
  after(async () => {
    for (const m of members) m.client?.close()
    await cleanupCli()
    lan?.remove()
  })

  const client = (m: Member): ControlClient => m.client as ControlClient

  async function startAll (): Promise<void> {
    await Promise.all(members.map(async m => {
      m.daemon = await startDaemon(m.dir, ['--listen', '/ip4/0.0.0.0/tcp/0', '--no-dht', '--name', m.name], { netns: m.laptop.netns })
      m.client = await connectControl(m.dir)
    }))
  }

  async function stopAll (): Promise<void> {
    for (const m of members) m.client?.close()
    const codes = await Promise.all(members.map(async m => await m.daemon?.stop()))
    assert.deepEqual(codes, [0, 0, 0])
  }

  /** Every laptop holds a direct connection to both others. */
  async function meshed (): Promise<boolean> {
    const peers = await Promise.all(members.map(async m => new Set((await client(m).call('peers', {})).map(p => p.peerId))))
    return members.every((m, i) => members.every(other => other === m || peers[i]?.has(other.daemon?.peerId ?? '') === true))
  }

  /** Every laptop shows every one of `texts`. */
  async function everyoneSees (texts: string[]): Promise<boolean> {
    for (const m of members) {
      const shown = new Set((await client(m).call('messages', { incidentId })).map(x => x.text))
      if (!texts.every(t => shown.has(t))) return false
    }
    return true
  }

  async function eachSays (what: string): Promise<string[]> {
    const texts = members.map(m => `${what} from ${m.name}`)
    await Promise.all(members.map(async (m, i) => await client(m).call('sendMessage', { incidentId, text: texts[i] as string })))
    return texts
  }

  test('1: they find each other by mDNS and the incident converges', async (t) => {
    await startAll()
    const [a, b, c] = members as [Member, Member, Member]
    incidentId = (await client(a).call('createIncident', { title: 'Isolated LAN' })).incidentId
    const invites = await Promise.all([b, c].map(async () => (await client(a).call('createInvite', { incidentId, role: 'responder', expiresInMs: 600_000, uses: 1 })).invite))
    await Promise.all([b, c].map(async (m, i) => await client(m).call('join', { invite: invites[i] as string, timeoutMs: 15_000 })))
    const joined = Date.now()
    // B and C met only A (the invite's address): a link between them comes from discovery alone.
    await waitFor('a full mesh (B and C found each other by mDNS)', meshed, { timeoutMs: 20_000, intervalMs: 200 })
    t.diagnostic(`full mesh ${Date.now() - joined} ms after the joins`)
    const texts = await eachSays('hello')
    await waitFor('every message everywhere', async () => await everyoneSees(texts), { timeoutMs: 10_000, intervalMs: 100 })
    for (const m of members) {
      const { discovery } = await client(m).call('whoami', {})
      assert.equal(discovery.mdns, 'on', JSON.stringify(discovery))
      assert.deepEqual(discovery.interfaces.map(x => [x.name, x.address, x.error]), [['eth0', m.laptop.address, undefined]])
    }
  })

  test('2: all restart with UDP 5353 blocked: they re-mesh from saved addresses', async (t) => {
    await stopAll()
    for (const m of members) lan?.blockMdns(m.laptop)
    await startAll()
    const restarted = Date.now()
    await waitFor('a full mesh without mDNS', meshed, { timeoutMs: 20_000, intervalMs: 200 })
    t.diagnostic(`full mesh ${Date.now() - restarted} ms after the restart`)
    const texts = await eachSays('after restart')
    await waitFor('every message after the restart everywhere', async () => await everyoneSees(texts), { timeoutMs: 10_000, intervalMs: 100 })
    for (const m of members) {
      const { discovery } = await client(m).call('whoami', {})
      assert.equal(discovery.mdns, 'failing', JSON.stringify(discovery))
      assert.match(discovery.error ?? '', /EPERM|not permitted/, JSON.stringify(discovery))
    }
  })

  test('3: one laptop changes its address while running: converged within 10 s', async (t) => {
    for (const m of members) lan?.unblockMdns(m.laptop)
    const [a, b, c] = members as [Member, Member, Member]
    lan?.readdress(c.laptop, 23)
    const changed = Date.now()
    const texts = [`moved, from ${c.name}`, `still here, from ${a.name}`, `still here, from ${b.name}`]
    await client(c).call('sendMessage', { incidentId, text: texts[0] as string })
    await client(a).call('sendMessage', { incidentId, text: texts[1] as string })
    await client(b).call('sendMessage', { incidentId, text: texts[2] as string })
    await waitFor('convergence after the address change', async () => await everyoneSees(texts), { timeoutMs: 10_000, intervalMs: 100 })
    t.diagnostic(`converged ${Date.now() - changed} ms after the address changed`)
    await stopAll()
  })
})

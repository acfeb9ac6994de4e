// Incidents on real stores (no network): which entries count is kept true as news arrives and
// survives a restart (issue 20). Late removals hide entries and rebuild the workspace (2); a
// store holding an undecodable payload or an over-the-bound Lamport value (from an older version)
// still loads and writes (3, 4); a fork whose two sides differ below it is traced to its first
// seq, and both sides end with the same digest (7). Also measures what a rebuild costs.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { generateIdentity, type DeviceIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { createEntry, decodeEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { Store } from '../../p2p/storage/store.js'
import { addTimeline, readTimeline } from '../../p2p/workspace/edits.js'
import { withTempDir } from '../support/tempdir.js'

const TEST_KEY = new Uint8Array(32).fill(7)

interface Heard { forks: Array<[string, number]>, unapplied: string[] }
function listener (): IncidentListener & { heard: Heard } {
  const heard: Heard = { forks: [], unapplied: [] }
  return {
    heard,
    payload () {}, roster () {}, workspace () {}, written () {},
    fork (_i, authorHex, seq) { heard.forks.push([authorHex, seq]) },
    unapplied (_i, reason) { heard.unapplied.push(reason) },
    quota () {}
  }
}

interface Node { id: DeviceIdentity, store: Store, incident: Incident, heard: Heard, dir: string }

/** Alice creates an incident and adds everyone else; each opens it on its own store. */
async function incidentOf (dir: string, names: string[]): Promise<Node[]> {
  const nodes: Node[] = []
  for (const name of names) {
    const id = await generateIdentity()
    const store = await Store.open(`${dir}/${name}`, TEST_KEY)
    const l = listener()
    const first = nodes[0]
    if (first === undefined) {
      nodes.push({ id, store, incident: await Incident.create(store, id, l, 'Breach', name), heard: l.heard, dir: `${dir}/${name}` })
      continue
    }
    await first.incident.authorRosterOp({ k: 'add', d: { m: id.signer.publicKey, x: id.x25519.publicKey, n: name, r: 'responder', k: first.incident.sealEpochKeysFor(id.signer.publicKey, id.x25519.publicKey, 'responder') } })
    nodes.push({ id, store, incident: await Incident.joined(store, id, l, first.incident.id, first.incident.rosterOps), heard: l.heard, dir: `${dir}/${name}` })
  }
  for (const n of nodes) await n.incident.addRosterOps(nodes[0]?.incident.rosterOps ?? [])
  return nodes
}

async function entriesOf (node: Node, author: DeviceIdentity, from = 1): Promise<Entry[]> {
  return (await node.incident.storedEntries(toHex(author.signer.publicKey), from, 100_000)).wires.map(w => decodeEntry(w))
}

async function reopen (node: Node): Promise<Node> {
  await node.incident.idle()
  await node.store.close()
  const store = await Store.open(node.dir, TEST_KEY)
  const [record] = await store.listIncidents()
  assert.ok(record !== undefined)
  const l = listener()
  return { ...node, store, incident: await Incident.load(store, node.id, l, record), heard: l.heard }
}

/** The chat's texts that count, read back from the store as a page is. */
const chatTexts = async (incident: Incident): Promise<string[]> => (await incident.readMessages(incident.messageStubs)).map(r => r.payload.k === 'msg' ? r.payload.text : '')
const timelineTexts = (node: Node): string[] => readTimeline(node.incident.workspace).map(t => t.text).sort()
let timelineIds = 0
const addEvent = async (node: Node, text: string): Promise<unknown> => await node.incident.changeWorkspace(ws => addTimeline(ws, (++timelineIds).toString(16).padStart(16, '0'), { occurredAt: '2026-01-01T00:00:00.000Z', text, source: '', tags: [], evidence: [], createdAt: 1 }))

describe('incident standing', () => {
  test('(2) a late removal hides entries and rebuilds the workspace; a restart keeps it so', async () => {
    await withTempDir(async dir => {
      const [alice, bob, first] = await incidentOf(dir, ['alice', 'bob', 'carol']) as [Node, Node, Node]
      let carol = first
      await bob.incident.append({ k: 'msg', text: 'Bob: before' })
      await addEvent(bob, 'Bob: event before')
      await alice.incident.receive(await entriesOf(bob, bob.id))
      await carol.incident.receive(await entriesOf(bob, bob.id))
      await carol.incident.saveSnapshot() // an old snapshot: it will cover Bob's later update
      await alice.incident.rotate(toHex(bob.id.signer.publicKey))
      await bob.incident.append({ k: 'msg', text: 'Bob: after' })
      await addEvent(bob, 'Bob: event after')
      await carol.incident.receive(await entriesOf(bob, bob.id, 3))
      assert.deepEqual(timelineTexts(carol), ['Bob: event after', 'Bob: event before'])
      await carol.incident.saveSnapshot()

      // Carol's store learns the removal behind the incident's back (a crash right after storing
      // the ops): at the next start the snapshot covers an update that no longer counts.
      await carol.store.putRosterOps(carol.incident.idHex, alice.incident.rosterOps)
      carol = await reopen(carol)
      assert.deepEqual(await chatTexts(carol.incident), ['Bob: before'])
      assert.deepEqual(timelineTexts(carol), ['Bob: event before'], 'rebuilt at start-up without the hidden update')
      assert.equal(carol.incident.digest(), alice.incident.digest())
      assert.equal(carol.incident.logs.versionVector().get(toHex(bob.id.signer.publicKey)), 4, 'the hidden entries are kept')
      carol = await reopen(carol)
      assert.equal(carol.incident.digest(), alice.incident.digest(), 'and after another restart')
      for (const n of [alice, bob, carol]) await n.store.close()
    })
  })

  test('(2) the rebuild cost, measured', async () => {
    await withTempDir(async dir => {
      const [alice, bob, carol] = await incidentOf(dir, ['alice', 'bob', 'carol']) as [Node, Node, Node]
      const N = 2_000
      for (let i = 0; i < N; i++) await addEvent(bob, `event ${i}`)
      const all = await entriesOf(bob, bob.id)
      await alice.incident.receive(all.slice(0, N / 2))
      await carol.incident.receive(all)
      await alice.incident.rotate(toHex(bob.id.signer.publicKey))
      const started = performance.now()
      await carol.incident.addRosterOps(alice.incident.rosterOps)
      const ms = performance.now() - started
      console.log(`# re-judge and rebuild after a late removal: ${N} stored updates, ${N / 2} kept: ${ms.toFixed(0)} ms`)
      assert.equal(readTimeline(carol.incident.workspace).length, N / 2)
      assert.equal(carol.incident.digest(), alice.incident.digest())
      for (const n of [alice, bob, carol]) await n.store.close()
    })
  })

  test('(3, 4) a store holding an undecodable payload and a Lamport value of 2^53 - 1 loads, and writes go on', async () => {
    await withTempDir(async dir => {
      const [firstAlice, bob] = await incidentOf(dir, ['alice', 'bob']) as [Node, Node]
      let alice = firstAlice
      const { epochId, key } = bob.incident.writingKey()
      const bad = createEntry(bob.id.signer, { incidentId: bob.incident.id, seq: 1, prev: new Uint8Array(0), lamport: 1, ts: 1, epochId, epochKey: key, plaintext: Uint8Array.from([0xff, 0x00]) })
      const huge = createEntry(bob.id.signer, { incidentId: bob.incident.id, seq: 2, prev: bad.hash, lamport: Number.MAX_SAFE_INTEGER, ts: 2, epochId, epochKey: key, plaintext: encodePayload({ k: 'msg', text: 'from the end of time' }) })
      assert.deepEqual((await alice.incident.receive([bad])).map(v => v.kind), ['accept'], 'a bad payload is stored (its seq counts)')
      assert.deepEqual(alice.heard.unapplied, ['undecodable'])
      assert.deepEqual(await alice.incident.receive([huge]), [{ kind: 'reject', reason: 'lamport jump too large' }])
      // As an older version would have stored it:
      await alice.store.putEntries(alice.incident.idHex, [huge], true)
      alice = await reopen(alice)
      assert.deepEqual(alice.heard.unapplied, ['undecodable'], 'counted again at load, without throwing')
      assert.equal(alice.incident.logs.lamport, 1)
      const mine = await alice.incident.append({ k: 'msg', text: 'Alice writes on' })
      assert.ok(mine.body.l < 2 ** 48)
      assert.equal((await chatTexts(alice.incident)).join(), 'Alice writes on')
      for (const n of [alice, bob]) await n.store.close()
    })
  })

  test('(7) a fork whose sides differ below it is traced to its first seq; both sides converge', async () => {
    await withTempDir(async dir => {
      const [alice, bob, mal] = await incidentOf(dir, ['alice', 'bob', 'mal']) as [Node, Node, Node]
      const malHex = toHex(mal.id.signer.publicKey)
      const { epochId, key } = mal.incident.writingKey()
      const branch = (texts: string[], prefix: Entry[] = []): Entry[] => {
        const out = [...prefix]
        for (const text of texts) {
          const prev = out[out.length - 1]
          out.push(createEntry(mal.id.signer, { incidentId: mal.incident.id, seq: out.length + 1, prev: prev?.hash ?? new Uint8Array(0), lamport: out.length + 1, ts: 1, epochId, epochKey: key, plaintext: encodePayload({ k: 'msg', text }) }))
        }
        return out
      }
      const x = branch(['shared', 'to Alice', 'to Alice again'])
      const y = branch(['to Bob', 'to Bob again'], x.slice(0, 1))
      await alice.incident.receive(x)
      await bob.incident.receive(y)

      // They meet: Alice sees Bob's copy of Mal's head (what the first pull after connecting asks for).
      await alice.incident.receive(y.slice(2))
      assert.deepEqual(alice.heard.forks, [[malHex, 3]])
      assert.equal(alice.incident.tracingFork, true, 'a fork below the head is being traced: sync rounds must run')
      assert.equal(alice.incident.pullVector(false).has(malHex), false, 'the next pulls ask for Mal\'s whole log')
      // Bob serves it (up to where he would: all of it, he has not heard of the fork yet).
      await alice.incident.receive((await entriesOf(bob, mal.id)).slice(0, bob.incident.servableSeq(malHex)))
      assert.deepEqual(alice.heard.forks, [[malHex, 3], [malHex, 2]])
      assert.equal(alice.incident.forkedAt(malHex), 2)

      await bob.incident.receive(await entriesOf(alice, alice.id))
      assert.equal(bob.incident.forkedAt(malHex), 2, 'Alice\'s proofs freeze Mal on Bob\'s side too')
      assert.deepEqual(bob.heard.forks, [[malHex, 2]])
      assert.equal(bob.incident.digest(), alice.incident.digest())
      assert.equal(bob.incident.servableSeq(malHex), 1, 'nothing past the fork is served')
      assert.deepEqual((await bob.incident.receive(branch(['later'], y).slice(-1))).map(v => v.kind === 'reject' ? v.reason : v.kind), ['forked'])
      for (const n of [alice, bob, mal]) await n.store.close()
    })
  })
})

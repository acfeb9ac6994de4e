// Direct messages and private threads (issue 15) across real processes on loopback: A and B
// write to each other; C, a member of the incident, and R, a blind relay, carry the entries and
// read none of them; C taken out of a thread reads nothing written after; a member removed from
// the incident is dropped from the next key of every thread it was in. Replies and pins converge.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

const SECRET = { dmAB: 'numbat-dm: the CFO approved the wire freeze', dmBA: 'numbat-reply: freeze confirmed with the bank', thread1: 'numbat-thread: counsel joins at 15:00', thread2: 'numbat-thread: written after C left' }

interface Node { daemon: RunningDaemon, client: ControlClient }

async function filesContaining (dir: string, text: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const hits: string[] = []
  for (const e of entries.filter(e => e.isFile())) if ((await readFile(join(e.parentPath, e.name))).includes(Buffer.from(text))) hits.push(e.name)
  return hits
}

describe('private conversations: only their members read them', { timeout: 120_000 }, () => {
  const nodes: Node[] = []
  let [a, b, c, r] = [] as unknown as [Node, Node, Node, Node]
  let incidentId: string
  const start = async (name: string, args: string[] = [], command: 'daemon' | 'relay' = 'daemon'): Promise<Node> => {
    const daemon = await startDaemon(await makeTempDir(`lifeboat-private-${name}-`), [...LOOPBACK_ARGS, '--name', name, ...args], { command })
    const node = { daemon, client: await connectControl(daemon.dir) }
    nodes.push(node)
    return node
  }
  const texts = async (node: Node, thread?: string): Promise<string[]> => (await node.client.call('messages', { incidentId, ...(thread === undefined ? {} : { thread }) })).map(m => m.text)

  before(async () => {
    a = await start('Ana')
    ;({ incidentId } = await a.client.call('createIncident', { title: 'Wire fraud' }))
    const invite = async (role: 'responder' | 'relay'): Promise<string> => (await a.client.call('createInvite', { incidentId, role, expiresInMs: 60_000, uses: 1 })).invite
    r = await start('relay', ['--join', await invite('relay')], 'relay')
    b = await start('Ben')
    c = await start('Cy')
    for (const n of [b, c]) await n.client.call('join', { invite: await invite('responder'), timeoutMs: 15_000 })
    await waitFor('everyone to list four members', async () => {
      for (const n of [a, b, c]) if ((await n.client.call('members', { incidentId })).length !== 4) return false
      return true
    })
  })

  after(async () => {
    for (const n of nodes) { n.client.close(); await n.daemon.stop() }
    await cleanupCli()
  })

  test('A and B exchange direct messages; C and the relay hold the entries and read nothing', async () => {
    await a.client.call('dmSend', { incidentId, peerId: 'Ben', text: SECRET.dmAB })
    await waitFor('B to read A\'s message', async () => (await b.client.call('dmList', { incidentId })).some(m => m.text === SECRET.dmAB))
    await b.client.call('dmSend', { incidentId, peerId: a.daemon.peerId, text: SECRET.dmBA })
    await waitFor('A to read B\'s reply', async () => (await a.client.call('dmList', { incidentId, with: 'Ben' })).some(m => m.text === SECRET.dmBA))
    const onA = await a.client.call('dmList', { incidentId })
    assert.deepEqual(onA.map(m => [m.text, m.to]), [[SECRET.dmAB, [b.daemon.peerId]], [SECRET.dmBA, [a.daemon.peerId]]])
    assert.equal(new Set(onA.map(m => m.threadId)).size, 1, 'one conversation for the two of them')

    const aEntries = (await a.client.call('status', { incidentId })).entries
    await waitFor('C and R to hold every entry', async () =>
      (await c.client.call('status', { incidentId })).entries === aEntries && (await r.client.call('status', { incidentId })).entries === aEntries)
    assert.deepEqual(await c.client.call('dmList', { incidentId }), [])
    assert.deepEqual(await c.client.call('threads', { incidentId }), [])
    assert.equal((await texts(c)).some(t => t.includes('numbat')), false)
    assert.deepEqual(await r.client.call('messages', { incidentId }), [])
    await assert.rejects(c.client.call('messages', { incidentId, thread: onA[0]?.threadId ?? '' }), /no conversation/)
    for (const text of [SECRET.dmAB, SECRET.dmBA]) assert.deepEqual(await filesContaining(r.daemon.dir, text), [], 'the relay\'s folder holds no plaintext')
    assert.deepEqual(await c.client.call('search', { incidentId, query: 'wire freeze' }), [], 'C\'s search finds nothing of it')
    assert.deepEqual((await a.client.call('search', { incidentId, query: 'wire freeze' })).map(h => [h.kind, h.id]), [['dm', onA[0]?.id]])
  })

  test('search finds what each member can read, across chat, timeline, notes, tasks and files', async () => {
    await a.client.call('sendMessage', { incidentId, text: 'beacon from 10.20.30.40 to the C2' })
    await a.client.call('timelineAdd', { incidentId, occurredAt: '2026-12-01T08:00:00Z', text: 'first beacon seen', source: 'EDR' })
    await a.client.call('noteAppend', { incidentId, name: 'IOCs', text: 'C2 at 10.20.30.40' })
    await a.client.call('taskAdd', { incidentId, title: 'Block 10.20.30.40 at the firewall' })
    await waitFor('C to have them all', async () => (await c.client.call('search', { incidentId, query: '10.20.30.40' })).length === 3)
    const hits = await c.client.call('search', { incidentId, query: 'beacon' })
    assert.deepEqual(hits.map(h => h.kind).sort(), ['message', 'timeline'])
    assert.ok(hits.every(h => h.snippet.toLowerCase().includes('beacon')))
    assert.deepEqual((await c.client.call('search', { incidentId, query: '10.20.30.40' })).map(h => h.kind).sort(), ['message', 'note', 'task'])
  })

  test('C, taken out of a thread, reads what was written before and nothing after', async () => {
    const { threadId } = await a.client.call('threadCreate', { incidentId, with: ['Ben', 'Cy'], title: 'Counsel' })
    await a.client.call('sendMessage', { incidentId, thread: threadId, text: SECRET.thread1 })
    await waitFor('C to read the first thread message', async () => (await c.client.call('threads', { incidentId })).some(t => t.threadId === threadId && t.messages === 1))
    assert.deepEqual(await texts(c, threadId), [SECRET.thread1])
    assert.equal((await c.client.call('threads', { incidentId }))[0]?.title, 'Counsel')

    await a.client.call('threadRemove', { incidentId, threadId, peerId: 'Cy' })
    // What B writes before A's new key reaches it is under the old key, which C holds (as in any
    // group whose members learn of a removal by message): B writes once it has the new key.
    await waitFor('B to hold the new key', async () => (await b.client.call('threads', { incidentId })).find(t => t.threadId === threadId)?.participants.length === 2)
    await b.client.call('sendMessage', { incidentId, thread: threadId, text: SECRET.thread2 })
    await waitFor('A to read B\'s message', async () => (await texts(a, threadId)).includes(SECRET.thread2))
    const aEntries = (await a.client.call('status', { incidentId })).entries
    await waitFor('C to hold every entry', async () => (await c.client.call('status', { incidentId })).entries === aEntries)
    assert.deepEqual(await texts(c, threadId), [SECRET.thread1], 'C reads nothing written after it was taken out')
    assert.deepEqual((await c.client.call('threads', { incidentId })).filter(t => t.threadId === threadId), [], 'C is no longer in it')
    await assert.rejects(c.client.call('sendMessage', { incidentId, thread: threadId, text: 'let me back' }), /no conversation/)
  })

  test('replies and pins converge on every node', async () => {
    const { id: question } = await c.client.call('sendMessage', { incidentId, text: 'Who calls the bank?' })
    await waitFor('A and B to have the question', async () => (await texts(b)).includes('Who calls the bank?') && (await texts(a)).includes('Who calls the bank?'))
    const { id: answer } = await b.client.call('sendMessage', { incidentId, text: 'I do', replyTo: question })
    await waitFor('C to have the answer', async () => (await texts(c)).includes('I do'))
    await a.client.call('pin', { incidentId, id: question, on: true })
    await b.client.call('pin', { incidentId, id: answer, on: true })
    await c.client.call('pin', { incidentId, id: answer, on: false })
    const view = async (n: Node): Promise<string> => JSON.stringify({
      reply: (await n.client.call('messages', { incidentId })).find(m => m.id === answer)?.replyTo,
      pins: (await n.client.call('pins', { incidentId })).map(p => [p.id, p.pinnedBy])
    })
    await waitFor('A, B and C to agree', async () => {
      const views = await Promise.all([a, b, c].map(view))
      return views.every(v => v === views[0]) && (await a.client.call('status', { incidentId })).entries === (await c.client.call('status', { incidentId })).entries
    })
    const pins = await a.client.call('pins', { incidentId })
    assert.ok(pins.some(p => p.id === question && p.pinnedBy === a.daemon.peerId), 'the question is pinned')
    assert.equal((await a.client.call('messages', { incidentId })).find(m => m.id === answer)?.replyTo, question)
  })

  test('a member removed from the incident is left out of the next key of a thread it was in', async () => {
    const { threadId } = await b.client.call('threadCreate', { incidentId, with: ['Ana', 'Cy'] })
    await waitFor('A to see the thread', async () => (await a.client.call('threads', { incidentId })).some(t => t.threadId === threadId))
    await a.client.call('removeMember', { incidentId, peerId: 'Cy' })
    await waitFor('B to learn of the removal', async () => !(await b.client.call('members', { incidentId })).some(m => m.name === 'Cy'))
    await b.client.call('sendMessage', { incidentId, thread: threadId, text: 'after Cy\'s removal' })
    const thread = (await b.client.call('threads', { incidentId })).find(t => t.threadId === threadId)
    assert.deepEqual(thread?.participants.map(p => p.name).sort(), ['Ana', 'Ben'])
    await waitFor('A to read it', async () => (await texts(a, threadId)).includes('after Cy\'s removal'))
  })
})

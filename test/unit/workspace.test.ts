// The workspace's Y.Doc rules: the clientID rule, stable ids across reloads, merging of
// concurrent note edits, canonical content.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { Workspace } from '../../p2p/workspace/workspace.js'
import { addTimeline, appendNote, editTimeline, readNote, readTimeline, removeTimeline } from '../../p2p/workspace/edits.js'

const A = 111_111_111
const B = 222_222_222
const ownedByA: ReadonlySet<number> = new Set([A])
const ownedByB: ReadonlySet<number> = new Set([B])

function entry (text: string, at = '2026-11-22T10:00:00.000Z') {
  return { occurredAt: at, text, source: 'EDR', tags: ['impact'], evidence: [], createdAt: 1 }
}

describe('workspace', () => {
  test('an update inserting under its signer\'s clientID is applied', () => {
    const a = new Workspace(A)
    const b = new Workspace(B)
    const update = a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('host encrypted')))
    assert.ok(update)
    assert.equal(b.applyRemote(update, ownedByA), true)
    assert.deepEqual(readTimeline(b).map(e => [e.text, e.authorClientId]), [['host encrypted', A]])
  })

  test('an update inserting under another member\'s clientID is refused and changes nothing', () => {
    const victim = new Workspace(A)
    const forged = new Y.Doc()
    forged.clientID = A // the attacker writes structs under the victim's id
    forged.getMap('timeline').set('x', new Y.Map())
    const update = Y.encodeStateAsUpdate(forged)
    const b = new Workspace(B)
    assert.equal(b.applyRemote(update, ownedByB), false, 'B signed it, but it inserts under A')
    assert.equal(b.canonicalJson(), new Workspace(B).canonicalJson())
    assert.equal(victim.applyRemote(update, ownedByB), false)
  })

  test('garbage is refused, not thrown', () => {
    const b = new Workspace(B)
    assert.equal(b.applyRemote(new Uint8Array([1, 2, 3, 255, 255]), ownedByA), false)
  })

  test('deleting another member\'s item is allowed (the signed entry attributes it)', () => {
    const a = new Workspace(A)
    const b = new Workspace(B)
    b.applyRemote(a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('x'))) as Uint8Array, ownedByA)
    const removal = b.change(ws => removeTimeline(ws, 'aaaaaaaaaaaaaaaa'))
    assert.ok(removal)
    assert.equal(a.applyRemote(removal, ownedByB), true)
    assert.deepEqual(readTimeline(a), [])
  })

  test('two members appending to a new note at the same time keep both texts', () => {
    const a = new Workspace(A)
    const b = new Workspace(B)
    const ua = a.change(ws => appendNote(ws, 'Scope', 'VLAN 40 isolated. ')) as Uint8Array
    const ub = b.change(ws => appendNote(ws, 'Scope', 'HR shares encrypted. ')) as Uint8Array
    assert.equal(a.applyRemote(ub, ownedByB), true)
    assert.equal(b.applyRemote(ua, ownedByA), true)
    assert.equal(readNote(a, 'Scope'), readNote(b, 'Scope'))
    assert.match(readNote(a, 'Scope'), /VLAN 40 isolated\./)
    assert.match(readNote(a, 'Scope'), /HR shares encrypted\./)
    assert.equal(a.canonicalJson(), b.canonicalJson())
  })

  test('reloading our own history keeps our clientID, and new edits continue under it', () => {
    const a = new Workspace(A)
    const b = new Workspace(B)
    const u1 = a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('first')))as Uint8Array
    b.applyRemote(u1, ownedByA)
    const u2 = b.change(ws => editTimeline(ws, 'aaaaaaaaaaaaaaaa', { text: 'first, edited by B' })) as Uint8Array
    const u3 = a.change(ws => appendNote(ws, 'n', 'x')) as Uint8Array
    // Restart A: replay in storage order (author, seq), which is not causal order.
    const reloaded = new Workspace(A)
    const refused = reloaded.replay([
      { update: u2, owned: ownedByB, lamport: 2, authorHex: 'bb' },
      { update: u1, owned: ownedByA, lamport: 1, authorHex: 'aa' },
      { update: u3, owned: ownedByA, lamport: 3, authorHex: 'aa' }
    ])
    assert.equal(refused, 0)
    assert.equal(reloaded.doc.clientID, A)
    const next = reloaded.change(ws => appendNote(ws, 'n', 'y')) as Uint8Array
    assert.deepEqual([...Y.parseUpdateMeta(next).from.keys()], [A])
    assert.equal(readTimeline(reloaded)[0]?.text, 'first, edited by B')
  })

  test('a snapshot reloads to the same content and keeps the clientID', () => {
    const a = new Workspace(A)
    a.change(ws => { addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('one')); appendNote(ws, 'n', 'text') })
    const reloaded = new Workspace(A)
    reloaded.loadSnapshot(a.snapshot())
    assert.equal(reloaded.doc.clientID, A)
    assert.equal(reloaded.canonicalJson(), a.canonicalJson())
  })

  test('a loaded snapshot goes in at the first read, before anything else, without telling listeners', () => {
    const a = new Workspace(A)
    a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('one')))
    const b = new Workspace(B)
    const bUpdate = b.change(ws => addTimeline(ws, 'bbbbbbbbbbbbbbbb', entry('two'))) as Uint8Array
    const reloaded = new Workspace(A)
    const told: unknown[] = []
    reloaded.onUpdate((_, origin) => told.push(origin))
    reloaded.loadSnapshot(a.snapshot())
    assert.equal(reloaded.replay([]), 0, 'an empty replay leaves the snapshot waiting')
    assert.deepEqual(told, [])
    assert.ok(reloaded.applyRemote(bUpdate, new Set([B])), 'a remote update lands on top of the snapshot')
    assert.deepEqual(readTimeline(reloaded).map(e => e.text).sort(), ['one', 'two'])
    assert.deepEqual(told, ['remote'], 'listeners hear the remote update, not the snapshot')
    assert.equal(reloaded.doc.clientID, A)
  })

  test('updates applied together make one transaction and one update for listeners; a refused one stays out', () => {
    const a = new Workspace(A)
    const b = new Workspace(B)
    const ours = [a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('one'))), a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaab', entry('two')))] as Uint8Array[]
    const foreign = b.change(ws => addTimeline(ws, 'bbbbbbbbbbbbbbbb', entry('not A\'s'))) as Uint8Array
    const target = new Workspace(B)
    const told: unknown[] = []
    target.onUpdate((_, origin) => told.push(origin))
    const results: boolean[] = []
    target.together(() => { for (const u of [ours[0], foreign, ours[1]]) results.push(target.applyRemote(u as Uint8Array, new Set([A]))) })
    assert.deepEqual(results, [true, false, true])
    assert.deepEqual(told, ['remote'])
    assert.deepEqual(readTimeline(target).map(e => e.text).sort(), ['one', 'two'])
  })

  test('a listener hears updates only while it wants them; the content hash follows every change either way', () => {
    const a = new Workspace(A)
    const updates = [a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('one'))), a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaab', entry('two')))] as Uint8Array[]
    const target = new Workspace(B)
    const heard: Uint8Array[] = []
    let wanted = false
    target.onUpdate(update => heard.push(update), () => wanted)
    const before = target.contentHash()
    assert.ok(target.applyRemote(updates[0] as Uint8Array, ownedByA))
    assert.equal(heard.length, 0)
    assert.notDeepEqual(target.contentHash(), before, 'an unheard change still changes the hash')
    wanted = true
    const middle = target.contentHash()
    assert.ok(target.applyRemote(updates[1] as Uint8Array, ownedByA))
    assert.equal(heard.length, 1)
    assert.notDeepEqual(target.contentHash(), middle)
    const replica = new Workspace(B)
    replica.applyRemote(updates[0] as Uint8Array, ownedByA)
    replica.applyRemote(heard[0] as Uint8Array, ownedByA)
    assert.equal(replica.canonicalJson(), target.canonicalJson(), 'what the listener heard is the change itself')
  })

  test('a listener whose predicate throws still hears updates, and the document keeps working', () => {
    const a = new Workspace(A)
    const heard: unknown[] = []
    a.onUpdate((_, origin) => heard.push(origin), () => { throw new Error('broken predicate') })
    assert.ok(a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('one'))))
    assert.ok(a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaab', entry('two'))), 'a later change still gives its update')
    assert.equal(heard.length, 2, 'a predicate that throws counts as wanting')
    assert.deepEqual(readTimeline(a).map(e => e.text).sort(), ['one', 'two'])
  })

  test('a reset drops a snapshot that was never read', () => {
    const a = new Workspace(A)
    a.change(ws => addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('one')))
    const reloaded = new Workspace(A)
    reloaded.loadSnapshot(a.snapshot())
    reloaded.reset()
    assert.deepEqual(readTimeline(reloaded), [])
  })

  test('malformed records written by a member are skipped when read', () => {
    const a = new Workspace(A)
    a.change(ws => {
      const bad = new Y.Map<unknown>()
      ws.timelineMap.set('bbbbbbbbbbbbbbbb', bad)
      bad.set('text', 42)
      addTimeline(ws, 'aaaaaaaaaaaaaaaa', entry('good'))
    })
    assert.deepEqual(readTimeline(a).map(e => e.id), ['aaaaaaaaaaaaaaaa'])
  })
})

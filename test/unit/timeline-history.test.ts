// A timeline entry's edits: each records what changed (from → to) and when; who edited is the
// clientID that wrote the record, so it cannot be claimed for someone else; no change, no record.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import * as Y from 'yjs'
import { addTimeline, editTimeline, readTimeline } from '../../p2p/workspace/edits.js'
import { Workspace } from '../../p2p/workspace/workspace.js'

const fields = { occurredAt: '2026-11-22T10:00:00.000Z', text: 'EDR alert on FS01', source: 'EDR', tags: ['impact'], evidence: [], createdAt: 1 }

describe('timeline edit history', () => {
  test('an edit records its changes and its writer; an edit that changes nothing records nothing', () => {
    const ws = new Workspace(101)
    addTimeline(ws, 'e1', fields)
    editTimeline(ws, 'e1', { text: 'EDR alert on FS01 and FS02', tags: ['impact'] }, 5_000)
    editTimeline(ws, 'e1', { source: 'EDR' }, 6_000)
    const [entry] = readTimeline(ws)
    assert.equal(entry?.text, 'EDR alert on FS01 and FS02')
    assert.equal(entry?.edits.length, 1)
    assert.deepEqual(entry?.edits[0]?.changes, [{ field: 'text', from: 'EDR alert on FS01', to: 'EDR alert on FS01 and FS02' }])
    assert.equal(entry?.edits[0]?.at, 5_000)
    assert.equal(entry?.edits[0]?.byClientId, 101, 'the clientID that wrote the record')
  })

  test('a record whose fields do not parse is skipped, the entry stays', () => {
    const ws = new Workspace(101)
    addTimeline(ws, 'e1', fields)
    const item = ws.timelineMap.get('e1') as Y.Map<unknown>
    const edits = new Y.Array<unknown>()
    item.set('edits', edits)
    edits.push(['not a map', new Y.Map()])
    const [entry] = readTimeline(ws)
    assert.equal(entry?.text, fields.text)
    assert.deepEqual(entry?.edits, [])
  })
})

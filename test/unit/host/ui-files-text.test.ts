// The page's pure helpers for shared files: sizes, rate and time left, which files preview,
// "held by N of M", and the file cards' place among the chat messages.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { heldText, kindOf, previewable, rateText, sizeText } from '../../../renderer/files/file-text.js'
import { interleave } from '../../../renderer/files/interleave.js'

describe('file text in the page', () => {
  test('sizes, rates and time left', () => {
    assert.equal(sizeText(812), '812 B')
    assert.equal(sizeText(4300), '4.2 KiB')
    assert.equal(sizeText(3 * 1024 * 1024 + 4321), '3.0 MiB')
    assert.equal(sizeText(1.2 * 1024 ** 3), '1.20 GiB')
    assert.equal(rateText(0, 100, 0), 'starting…')
    assert.equal(rateText(1024 * 1024, 11 * 1024 * 1024, 1024 * 1024), '1.0 MiB/s, 10 s left')
    assert.equal(rateText(0, 600 * 1024 * 1024, 1024 * 1024), '1.0 MiB/s, 10 min 0 s left')
  })

  test('previews: png, jpeg, gif and webp up to 25 MiB only', () => {
    assert.equal(previewable({ type: 'image/png', size: 25 * 1024 * 1024 }), true)
    assert.equal(previewable({ type: 'image/webp', size: 1 }), true)
    assert.equal(previewable({ type: 'image/png', size: 25 * 1024 * 1024 + 1 }), false)
    assert.equal(previewable({ type: 'image/svg+xml', size: 1 }), false)
    assert.equal(previewable({ type: '', size: 1 }), false)
    assert.equal(kindOf('image/gif'), 'image')
    assert.equal(kindOf('application/zip'), 'archive')
    assert.equal(kindOf('application/vnd.tcpdump.pcap'), 'file')
  })

  test('held by N of M never says fewer members than holders', () => {
    assert.equal(heldText({ holders: ['a'] }, 3), 'held by 1 of 3')
    assert.equal(heldText({ holders: ['a', 'b', 'c'] }, 2), 'held by 3 of 3')
  })

  test('files go before the first message not older than them, the rest after the last', () => {
    const messages = [{ id: 'm1', ts: 10 }, { id: 'm2', ts: 20 }, { id: 'm3', ts: 30 }]
    const files = [{ id: 'late', ts: 35 }, { id: 'f2', ts: 15 }, { id: 'early', ts: 5 }, { id: 'same', ts: 20 }]
    const { before, after } = interleave(messages, files)
    assert.deepEqual([...before].map(([id, fs]) => [id, fs.map(f => f.id)]), [['m1', ['early']], ['m2', ['f2', 'same']]])
    assert.deepEqual(after.map(f => f.id), ['late'])
    assert.deepEqual(interleave([], files).after.map(f => f.id), ['early', 'f2', 'same', 'late'])
  })
})

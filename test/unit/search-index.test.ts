// The search index (search/search-index.ts): tokens as responders type them (IPs, hosts, account
// names), ranking, snippets, and updates that change only what changed.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { SearchIndex, snippetOf, tokenize, type SearchDoc } from '../../p2p/search/search-index.js'

const doc = (id: string, text: string, kind: SearchDoc['kind'] = 'message'): SearchDoc => ({ kind, id, text, author: 'P', name: 'Ana', ts: 1 })

describe('search index', () => {
  test('tokens keep IPs, host and account names whole, and their parts', () => {
    assert.deepEqual(tokenize('Beacon to 10.0.0.5:443 from FS-02 (svc_backup)'), ['beacon', 'to', '10.0.0.5:443', '10', '0', '0', '5', '443', 'from', 'fs-02', 'fs', '02', 'svc_backup', 'svc', 'backup'])
  })

  test('finds an IP as typed, a word by its prefix, across kinds; best match first', () => {
    const index = new SearchIndex()
    index.update([
      doc('m1', 'C2 beacon from 10.0.0.5 every 60s'),
      doc('m2', 'reset krbtgt twice, then the service accounts'),
      doc('t1', 'Isolated 10.0.0.50', 'timeline'),
      doc('n1', 'Scope\nhosts: fs-02, fs-03; accounts: svc_backup', 'note')
    ])
    assert.deepEqual(index.search('10.0.0.5', 10).map(h => h.id), ['m1', 't1'], 'the exact IP ranks first; 10.0.0.50 matches by prefix')
    assert.deepEqual(index.search('krbt', 10).map(h => h.id), ['m2'])
    assert.deepEqual(index.search('svc_backup', 10).map(h => [h.kind, h.id]), [['note', 'n1']])
    assert.deepEqual(index.search('beacon krbtgt', 10), [], 'every word must match')
  })

  test('an update changes only what changed: edited text is found by its new words, removed documents are gone', () => {
    const index = new SearchIndex()
    index.update([doc('m1', 'old text here'), doc('m2', 'stays')])
    index.update([doc('m1', 'new wording'), doc('m3', 'added later')])
    assert.deepEqual(index.search('old', 10), [])
    assert.deepEqual(index.search('wording', 10).map(h => h.id), ['m1'])
    assert.deepEqual(index.search('stays', 10), [])
    assert.equal(index.size, 2)
  })

  test('words match loosely, identifiers as typed: fs-02 does not find fs-03, a misspelt word still finds its message', () => {
    const index = new SearchIndex()
    index.update([doc('m1', 'fs-02 isolated'), doc('m2', 'fs-03 isolated'), doc('m3', 'ransomware note found')])
    assert.deepEqual(index.search('fs-02', 10).map(h => h.id), ['m1'])
    assert.deepEqual(index.search('ransomwere', 10).map(h => h.id), ['m3'])
  })

  test('messages are searched newest shard first: a common word costs the newest shards, a rare one reaches the oldest; other kinds are always searched', () => {
    const index = new SearchIndex(10)
    index.update([doc('n1', 'beacon seen again', 'note')], ['note'])
    for (let i = 1; i <= 35; i++) index.put(doc(`m${i}`, i === 2 ? 'beacon rare-token-77' : `beacon line ${i}`))
    const common = index.search('beacon', 5)
    assert.equal(common.length, 5)
    assert.ok(common.some(h => h.id === 'n1'), 'the note is among them')
    assert.ok(common.filter(h => h.kind === 'message').every(h => Number(h.id.slice(1)) > 20), `only recent messages: ${common.map(h => h.id).join()}`)
    assert.deepEqual(index.search('rare-token-77', 5).map(h => h.id), ['m2'], 'found in the oldest shard')
    index.remove('message', 'm2')
    index.put(doc('m3', 'edited: rare-token-77'))
    assert.deepEqual(index.search('rare-token-77', 5).map(h => h.id), ['m3'], 'an edited message is found by its new text, a removed one is gone')
    index.put(doc('m4', 'beacon edited long after'))
    assert.ok(!index.search('beacon', 5).some(h => h.id === 'm4'), 'an edited old message keeps its place in time: not among the recent')
    assert.equal(index.size, 35)
  })

  test('a snippet shows the text around the first match, on one line', () => {
    const text = `${'x '.repeat(100)}the attacker used\nsvc_backup at 02:14 ${'y '.repeat(100)}`
    const snippet = snippetOf(text, ['svc_backup'])
    assert.ok(snippet.startsWith('…') && snippet.endsWith('…') && snippet.includes('svc_backup at 02:14') && !snippet.includes('\n'), snippet)
    assert.equal(snippetOf('short one', ['one']), 'short one')
  })
})

// The one rule for "does this message notify?" that Electron's main process and browser mode
// share (p2p/api/notify-rule.ts), and what counts as a mention of me (p2p/api/mentions.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mentionsMe } from '../../p2p/api/mentions.js'
import { notifyReason, type NotifyFacts } from '../../p2p/api/notify-rule.js'

const HERE = 'a'.repeat(32)
const THERE = 'b'.repeat(32)
const ME = '12D3KooWMe'
const ANA = '12D3KooWAna'
const NOW = 1_000_000
const facts = (over: Partial<NotifyFacts> = {}): NotifyFacts => ({ self: ME, selfName: 'Ben Okafor', focused: false, now: NOW, recentMs: 60_000, ...over })
const msg = (text: string, over: { author?: string, ts?: number, mentions?: string[] } = {}) => ({ author: ANA, text, ts: NOW, mentions: [], ...over })

describe('mentions of me', () => {
  test('by my key or by "@" and my display name, never in my own messages', () => {
    assert.equal(mentionsMe(msg('@Ben Okafor please check'), ME, 'Ben Okafor'), true)
    assert.equal(mentionsMe(msg('hi', { mentions: [ME] }), ME, 'Ben Okafor'), true)
    assert.equal(mentionsMe(msg('Ben Okafor without at'), ME, 'Ben Okafor'), false)
    assert.equal(mentionsMe(msg('@Ben Okaforish'), ME, 'Ben Okafor'), false)
    assert.equal(mentionsMe(msg('@Ben Okafor', { author: ME }), ME, 'Ben Okafor'), false)
  })
})

describe('notify rule', () => {
  test('a mention notifies unless the window is focused on that incident', () => {
    assert.equal(notifyReason(HERE, msg('@Ben Okafor call me'), facts()), 'mention')
    assert.equal(notifyReason(HERE, msg('@Ben Okafor call me'), facts({ focused: true, onScreen: HERE })), null)
    assert.equal(notifyReason(HERE, msg('@Ben Okafor call me'), facts({ focused: true, onScreen: THERE })), 'mention', 'focused on another incident')
    assert.equal(notifyReason(HERE, msg('@Ben Okafor call me'), facts({ focused: true })), null, 'focused, incident on screen unknown (Electron main)')
  })

  test('a plain message notifies only while the window is not focused', () => {
    assert.equal(notifyReason(HERE, msg('VLAN 40 isolated'), facts()), 'message')
    assert.equal(notifyReason(HERE, msg('VLAN 40 isolated'), facts({ focused: true, onScreen: THERE })), null)
  })

  test('a private message is addressed to me: it notifies like a mention', () => {
    assert.equal(notifyReason(HERE, msg('between us'), facts(), true), 'private')
    assert.equal(notifyReason(HERE, msg('between us'), facts({ focused: true, onScreen: THERE }), true), 'private', 'focused on another incident')
    assert.equal(notifyReason(HERE, msg('between us'), facts({ focused: true, onScreen: HERE }), true), null)
    assert.equal(notifyReason(HERE, msg('between us', { author: ME }), facts(), true), null)
  })

  test('never my own messages, never backlog from sync', () => {
    assert.equal(notifyReason(HERE, msg('@Ben Okafor note to self', { author: ME }), facts()), null)
    assert.equal(notifyReason(HERE, msg('@Ben Okafor old news', { ts: NOW - 61_000 }), facts()), null)
  })
})

// The chat's monospace parts (issue 11): fenced blocks, inline code, hashes and IP addresses
// become code segments; times, versions and ordinary words stay text; markup stays text.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isIndicator, richSegments } from '../../../renderer/lib/rich-text.js'

const codes = (text: string): string[] => richSegments(text).filter(s => s.kind !== 'text').map(s => `${s.kind}:${s.text}`)

describe('rich text of chat messages', () => {
  test('inline code and fenced blocks', () => {
    assert.deepEqual(richSegments('run `netstat -an` now'), [{ kind: 'text', text: 'run ' }, { kind: 'code', text: 'netstat -an' }, { kind: 'text', text: ' now' }])
    assert.deepEqual(richSegments('Rule:\n```sh\niptables -A INPUT -s 10.0.4.17 -j DROP\n```\ndone'), [
      { kind: 'text', text: 'Rule:\n' }, { kind: 'block', text: 'iptables -A INPUT -s 10.0.4.17 -j DROP' }, { kind: 'text', text: '\ndone' }
    ])
    assert.deepEqual(codes('a `b` and ```c``` and an unclosed ` tick'), ['code:b', 'block:c'])
  })

  test('bare hashes and addresses, not times, versions or numbers', () => {
    assert.deepEqual(codes('Blocked 10.0.4.17 and 2001:db8::7 at 09:40:12, sha256 9f86d081884c7d659a2feaea0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0.'),
      ['code:10.0.4.17', 'code:2001:db8::7', 'code:9f86d081884c7d659a2feaea0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0'])
    assert.deepEqual(codes('subnet 192.168.0.0/16, loopback ::1, link fe80::1ff:fe23:4567:890a/64'), ['code:192.168.0.0/16', 'code:::1', 'code:fe80::1ff:fe23:4567:890a/64'])
    assert.deepEqual(codes('version 1.2.3.4.5, 999.1.1.1, 12:30:45, deadbeef (8 hex), call 555-0100'), [])
    assert.equal(isIndicator('1:2:3:4:5:6:7:8'), true)
    assert.equal(isIndicator('1:2:3'), false)
  })

  test('markup is text', () => {
    assert.deepEqual(richSegments('<img src=x onerror=alert(1)> `<b>`'), [{ kind: 'text', text: '<img src=x onerror=alert(1)> ' }, { kind: 'code', text: '<b>' }])
  })
})

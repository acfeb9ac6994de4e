// `lifeboat status INCIDENT` without --json: after the incident's fields, a table of the other
// members from the heads summaries (connected, last heard from, entries they lack).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { status } from '../../../p2p/host/cli/format.js'

test('status shows a peers table: connected, last seen in UTC, behind or ? before a summary', () => {
  const text = status({
    topic: 't', entries: 3, authors: {}, digest: 'd', epoch: 1, forked: {}, discovery: { mdns: 'off', interfaces: [] },
    peers: [
      { peerId: '12D3KooWA', connected: true, lastSeen: Date.UTC(2026, 10, 30, 8, 0, 5), behind: 4 },
      { peerId: '12D3KooWB', connected: false, lastSeen: null, behind: null }
    ]
  })
  const lines = text.split('\n')
  assert.match(lines.find(l => l.startsWith('PEER')) ?? '', /^PEER\s+CONNECTED\s+LAST SEEN \(UTC\)\s+BEHIND$/)
  assert.match(lines.find(l => l.startsWith('12D3KooWA')) ?? '', /^12D3KooWA\s+yes\s+2026-11-30 08:00:05\s+4$/)
  assert.match(lines.find(l => l.startsWith('12D3KooWB')) ?? '', /^12D3KooWB\s+no\s+never\s+\?$/)
})

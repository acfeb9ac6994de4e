// The incident report's rendering (record/report-*.ts): every section present in both formats,
// hostile names and texts escaped in HTML and unable to make Markdown structure, the Markdown's
// shape (headings, tables with one cell per column), the checkpoint fold and evidence references.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { fileStem } from '../../p2p/api/record-methods.js'
import { checkpointSigners, evidenceRef, timeSpan, type IncidentReport } from '../../p2p/record/report-model.js'
import { mdText } from '../../p2p/record/report-render.js'
import { renderReport } from '../../p2p/record/report-sections.js'

const HOSTILE = '<script>alert(1)</script>" onload="x'
const PEER_A = '12D3KooWLgtxc5zs3kfeqUTRuEDCk6Jmd6ArAiHUbxN8Hqy3iDFj'
const PEER_B = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
const SHA = 'ab'.repeat(32)
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0)

function sample (): IncidentReport {
  return {
    title: `Ransomware ${HOSTILE}`,
    incidentId: '0123456789abcdef0123456789abcdef',
    createdAt: T0,
    generatedAt: T0 + 3_600_000,
    generatedBy: { name: 'Ana Costa', peerId: PEER_A },
    range: [T0, T0 + 1_800_000],
    members: [
      { name: 'Ana Costa', peerId: PEER_A, role: 'admin', fingerprint: '11111 22222 33333 44444 55555 66666', verified: false, self: true },
      { name: `Mallory ${HOSTILE}\n# Fake heading | x`, peerId: PEER_B, role: 'responder', fingerprint: '77777 88888 99999 00000 11111 22222', verified: true, self: false },
      { name: 'Carl', peerId: PEER_B, role: 'removed', fingerprint: '1 2 3 4 5 6', verified: false, self: false, removedAt: T0 + 60_000 }
    ],
    timeline: [{ occurredAt: '2026-11-22T10:05:00.000Z', text: `Host fs-02 encrypted ${HOSTILE}`, source: 'EDR', tags: ['impact'], evidence: [`${PEER_A}:7`, 'ticket 42'], by: 'Ana Costa', edits: 1 }],
    tasks: [{ title: 'Image fs-02 | now', status: 'doing', assignee: 'Mallory', due: '2026-11-22T18:00:00.000Z', by: 'Ana Costa', createdAt: T0 }],
    notes: [{ name: 'Decisions', text: `Isolate VLAN 40\n\n# not a heading ${HOSTILE}` }],
    announcements: [{ at: T0 + 600_000, by: 'Ana Costa', text: `Do not use email ${HOSTILE}`, urgent: true, requiresAck: true, options: ['safe'], responses: [{ name: 'Mallory', answer: 'safe', at: T0 + 660_000 }], pending: ['Carl'] }],
    calls: [{ id: 'c1', started: T0 + 120_000, startedBy: 'Ana Costa', ended: T0 + 900_000, participants: [{ name: 'Ana Costa', peerId: PEER_A, joined: T0 + 120_000, left: T0 + 900_000 }, { name: `Mallory ${HOSTILE}`, peerId: PEER_A, joined: T0 + 180_000, left: null }] }],
    files: [{ id: `${PEER_A}:7`, name: `fw01${HOSTILE}.pcap`, size: 1_572_864, sha256: SHA, evidence: true, by: 'Ana Costa', at: T0 + 300_000, caption: '', holders: ['Ana Costa', 'Mallory'] }],
    verification: { digest: 'cd'.repeat(32), entries: 42, checkpoints: [{ name: 'Ana Costa', peerId: PEER_A, at: T0 + 900_000, entries: 40, authors: 2 }] },
    retention: { days: 90, hold: true, holdBy: 'Ana Costa', purged: 3 }
  }
}

const SECTIONS = ['Summary', 'Members and roles', 'Timeline', 'Tasks', 'Notes and decisions', 'Announcements', 'Calls', 'Evidence', 'Verification']

describe('incident report', () => {
  test('HTML: every section, escaped text, no script, a print stylesheet', () => {
    const html = renderReport(sample(), 'html')
    for (const title of SECTIONS) assert.match(html, new RegExp(`<h2 id="s\\d+">${title}</h2>`), title)
    assert.ok(!html.includes('<script'), 'no script element, whatever members wrote')
    assert.ok(!html.includes('" onload="'), 'attribute quotes escaped')
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x'))
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/)
    assert.match(html, /@media print\{/)
    assert.match(html, /<title>Incident report: Ransomware &lt;script&gt;/)
    // Members with verification state, evidence hashes, the verification block.
    assert.match(html, /<td>verified<\/td>/)
    assert.match(html, /<td>own device<\/td>/)
    assert.match(html, /removed 2026-11-22 10:01:00 UTC/)
    assert.ok(html.includes(`<code>${SHA}</code>`))
    assert.ok(html.includes('1.5 MiB (1,572,864 bytes)'))
    assert.ok(html.includes(`<code>${'cd'.repeat(32)}</code>`))
    assert.ok(html.includes('lifeboat export 0123456789abcdef0123456789abcdef --out FILE\nlifeboat verify FILE'))
    assert.match(html, /Mallory \(safe\) 2026-11-22 10:11:00 UTC/)
    // A timeline evidence reference to a shared file names the file and its hash.
    assert.ok(html.includes(`fw01&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x.pcap (SHA-256 ${SHA})`))
    assert.equal(html.match(/<section /g)?.length, html.match(/<\/section>/g)?.length)
  })

  test('Markdown: headings, one cell per column, hostile text stays inside its cell', () => {
    const md = renderReport(sample(), 'markdown')
    const lines = md.split('\n')
    assert.equal(lines[0], '# Incident report: Ransomware \\<script\\>alert(1)\\</script\\>" onload="x')
    assert.deepEqual(lines.filter(l => l.startsWith('## ')), SECTIONS.map(s => `## ${s}`))
    assert.deepEqual(lines.filter(l => l.startsWith('### ')), ['### Decisions'])
    assert.ok(!lines.some(l => l.startsWith('# Fake') || l.startsWith('# not')), 'no heading from member text')
    // Every table row has as many cells as its head: an escaped | does not split a cell.
    const cells = (l: string): number => l.replace(/\\\|/g, '').split('|').length - 2
    const tables: string[][] = []
    lines.forEach((l, i) => { if (l.startsWith('|')) (lines[i - 1]?.startsWith('|') === true ? tables.at(-1) : tables[tables.push([]) - 1])?.push(l) })
    assert.equal(tables.length, 8, 'members, timeline, tasks, announcements, calls, files, timeline evidence, checkpoints')
    for (const table of tables) for (const l of table) assert.equal(cells(l), cells(table[0] ?? ''), l)
    assert.ok(lines.some(l => l.startsWith('| Mallory \\<script\\>') && l.includes('x # Fake heading \\| x |')))
    assert.ok(lines.includes('> Isolate VLAN 40') && lines.includes('>'), 'a note keeps its lines, each quoted')
    assert.ok(lines.includes('    lifeboat export 0123456789abcdef0123456789abcdef --out FILE') && lines.includes('    lifeboat verify FILE'))
    assert.ok(lines.includes(`- **Content digest:** ${'cd'.repeat(32)}`))
    assert.ok(lines.some(l => l.startsWith('| 2026-11-22 10:02:00 UTC | Ana Costa | 2026-11-22 10:15:00 UTC | Ana Costa 10:02:00 UTC–10:15:00 UTC; Mallory')), 'a call: when, who, joined and left')
    assert.ok(lines.some(l => l.includes('10:03:00 UTC–? |')), 'a participant who never said it left')
    assert.ok(lines.includes('- **Retention:** conversation content and files not shared as evidence deleted after 90 days; legal hold ON (put on by Ana Costa): nothing deleted; 3 entries purged on this device'), 'retention and hold in the verification block')
  })

  test('an empty incident says so in each section', () => {
    const r: IncidentReport = { ...sample(), range: null, timeline: [], tasks: [], notes: [], announcements: [], calls: [], files: [], verification: { digest: 'ee'.repeat(32), entries: 0, checkpoints: [] } }
    const md = renderReport(r, 'markdown')
    for (const what of ['timeline entries', 'tasks', 'notes', 'announcements', 'calls', 'shared files', 'checkpoints yet']) assert.ok(md.includes(`No ${what}.`), what)
    assert.ok(md.includes('- **Time range:** nothing recorded yet'))
  })

  test('checkpoint signers, time span, evidence references, file stems, Markdown escaping', () => {
    const ckpt = (author: string, ts: number, h: Array<[Uint8Array, number, Uint8Array]>): PayloadRecord =>
      ({ authorHex: author, author, seq: 1, lamport: 1, ts, payload: { v: 1, k: 'ckpt', h } } as unknown as PayloadRecord)
    const key = new Uint8Array(32)
    const records = [ckpt('b', 20, [[key, 3, key], [key, 4, key]]), { ...ckpt('a', 5, []), payload: { v: 1, k: 'msg', text: 'hi' } } as unknown as PayloadRecord, ckpt('a', 10, [[key, 2, key]])]
    assert.deepEqual(checkpointSigners(records, hex => hex.toUpperCase()), [
      { name: 'A', peerId: 'a', at: 10, entries: 2, authors: 1 },
      { name: 'B', peerId: 'b', at: 20, entries: 7, authors: 2 }
    ])
    assert.deepEqual(timeSpan([5, 3, Number.NaN, 9]), [3, 9])
    assert.equal(timeSpan([]), null)
    const files = sample().files
    assert.equal(evidenceRef('ticket 42', files), 'ticket 42')
    assert.match(evidenceRef(`${PEER_B}:3`, files), /no shared file with this id/)
    assert.equal(fileStem('Ransomware at plant 3!'), 'ransomware-at-plant-3')
    assert.equal(fileStem('Éclair ../../etc'), 'eclair-etc')
    assert.equal(fileStem('!!!'), 'incident')
    assert.equal(mdText('[x](javascript:1) *a* <b>\n| c'), '\\[x\\](javascript:1) \\*a\\* \\<b\\> \\| c')
  })
})

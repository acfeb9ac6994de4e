// Report drafts and the clocks' CLI (issue 17): a draft is filled from the record (facts, first
// detection, IOCs, affected systems, actions, evidence) and marks what it cannot fill; members'
// text is escaped; a late GDPR notification asks for the reasons; the CLI refuses a time without
// its zone and unknown regimes, and says time left in words.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { renderDraft, type DraftInput } from '../../p2p/clocks/drafts.js'
import { clocks } from '../../p2p/clocks/deadlines.js'
import { clocksText, remainingText } from '../../p2p/host/cli/commands-clocks.js'
import { COMMANDS } from '../../p2p/host/cli/commands.js'

const T0 = Date.parse('2026-11-30T09:00:00Z')
const clock = (regime: 'nis2' | 'gdpr', report: string, aware: number, now: number) =>
  clocks([regime], { at: { aware }, submitted: new Map(), requested: new Map() }, now).find(c => c.report === report) as NonNullable<ReturnType<typeof clocks>[number]>

function input (over: Partial<DraftInput> = {}): DraftInput {
  return {
    title: 'Ransomware at plant 2', incidentId: 'ab'.repeat(16), clock: clock('nis2', 'notification', T0, T0 + 3_600_000), now: T0 + 3_600_000,
    facts: [{ kind: 'aware', at: T0, by: 'Ana Costa' }],
    timeline: [
      { occurredAt: '2026-11-30T08:40:00.000Z', text: 'Encryption seen on fs01', tags: ['fs01'], by: 'Ben' },
      { occurredAt: '2026-11-30T08:55:00.000Z', text: 'C2 beacon to 203.0.113.7', tags: ['ioc'], by: 'Cy' },
      { occurredAt: '2026-11-30T09:30:00.000Z', text: 'Plant 2 isolated <script>', tags: ['action', 'plant-2'], by: 'Ana' }
    ],
    tasksDone: [{ title: 'Reset admin passwords', by: 'Dee' }],
    evidence: [{ name: 'ransom-note.txt', sha256: 'cd'.repeat(32), by: 'Ana', at: T0 }],
    ...over
  }
}

describe('report drafts', () => {
  test('filled from the record, with what it cannot fill marked', () => {
    const md = renderDraft(input(), 'markdown')
    for (const line of ['- **Due:** 2026-12-03 09:00 UTC', 'Encryption seen on fs01', 'C2 beacon to 203.0.113.7', 'fs01, plant-2', 'Done: Reset admin passwords (Dee)', 'cd'.repeat(32),
      '\\[TO COMPLETE\\] Initial assessment of the incident: its severity and impact']) assert.ok(md.includes(line), line)
    assert.match(md, /## First detection\n\n2026-11-30T08:40:00.000Z: Encryption seen on fs01/)
    const html = renderDraft(input(), 'html')
    assert.ok(!html.includes('<script>') && html.includes('&lt;script&gt;'), 'members\' text is escaped')
  })

  test('an empty record says so per section; a late GDPR notification asks for the reasons', () => {
    const late = clock('gdpr', 'report', T0, T0 + 80 * 3_600_000)
    const md = renderDraft(input({ clock: late, now: T0 + 80 * 3_600_000, timeline: [], tasksDone: [], evidence: [], facts: [] }), 'markdown')
    assert.ok(md.includes('\\[TO COMPLETE\\] Indicators of compromise (timeline entries tagged ioc): the incident\'s record has none.'))
    assert.ok(md.includes('\\[TO COMPLETE\\] Reasons for the delay beyond 72 hours (Art. 33(1))'))
    assert.ok(!renderDraft(input({ clock: clock('gdpr', 'report', T0, T0 + 3_600_000) }), 'markdown').includes('Reasons for the delay'))
  })
})

describe('clocks CLI', () => {
  const spec = (name: string) => COMMANDS.find(c => c.name === name)
  test('fact --at needs a zone; regime --set takes known regimes or none', () => {
    const fact = spec('fact')
    const at = fact?.options.find(o => o.long === '--at')
    assert.equal(at?.parseArg?.('2026-11-30T10:12:00+01:00', undefined), Date.parse('2026-11-30T09:12:00Z'))
    assert.throws(() => at?.parseArg?.('2026-11-30T10:12:00', undefined), /with its zone/)
    const set = spec('regime')?.options.find(o => o.long === '--set')
    assert.deepEqual(set?.parseArg?.('NIS2, gdpr', undefined), ['nis2', 'gdpr'])
    assert.deepEqual(set?.parseArg?.('none', undefined), [])
    assert.throws(() => set?.parseArg?.('nis2,hipaa', undefined), /from nis2, dora, gdpr, sec, circia .*not "hipaa"/)
  })

  test('time left in words; no regime said plainly', () => {
    assert.equal(remainingText(5 * 3_600_000 + 3 * 60_000), 'in 5 h 3 min')
    assert.equal(remainingText(-2 * 3_600_000), 'overdue by 2 h 0 min')
    assert.equal(remainingText(3 * 86_400_000 + 3_600_000), 'in 3 d 1 h')
    assert.equal(remainingText(null), '')
    assert.match(clocksText([]), /no regime is set/)
    assert.match(clocksText(clocks(['gdpr'], { at: { aware: T0 }, submitted: new Map(), requested: new Map() }, T0)), /gdpr +report .*2026-12-03 09:00 UTC +running +in 3 d 0 h/)
  })
})

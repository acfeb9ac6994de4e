// Teams, pure parts (p2p/team/): reading an activation (and refusing a hostile one), playbook
// seeds and the team's own playbooks, drills in the announcement fold, the drill report, the
// drill schedule and readiness warnings.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { foldAnnouncements } from '../../p2p/chat/announcements.js'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { toHex } from '../../p2p/codec/bytes.js'
import { genesisOp, RosterBook } from '../../p2p/incident/roster-book.js'
import type { PayloadInput } from '../../p2p/log/payload.js'
import { createRosterOp, type RosterOp } from '../../p2p/membership/roster-op.js'
import { activationPayload, activationsOf, readActivation } from '../../p2p/team/activation.js'
import { drillSchedule } from '../../p2p/team/drill-schedule.js'
import { exportDrill } from '../../p2p/team/drill-export.js'
import { drillReport, median } from '../../p2p/team/drill-report.js'
import { BUILT_IN_PLAYBOOKS, playbookOf, playbookPayload, seedOf, teamPlaybooks } from '../../p2p/team/playbooks.js'
import { readiness, STALE_AFTER_MS, type ReadinessInput } from '../../p2p/team/readiness.js'
import { makeIdentity } from '../support/identities.js'

const [lead, ben, cy] = await Promise.all([makeIdentity(1), makeIdentity(2), makeIdentity(3)])
const hexOf = (id: typeof lead): string => toHex(id.signer.publicKey)
const rec = (author: typeof lead, seq: number, lamport: number, payload: PayloadInput, ts = lamport * 1000): PayloadRecord =>
  ({ authorHex: hexOf(author), author: author.peerId, seq, lamport, ts, payload: { ...payload, v: 1 } as PayloadRecord['payload'] })

/** An incident `by` opened with an `add` for `member`. */
function openedBy (by: typeof lead, member: typeof lead): RosterOp[] {
  const genesis = genesisOp(by, 'Ransomware at HQ', 'Lead')
  const add = createRosterOp(by.signer, { k: 'add', i: genesis.body.i, p: [genesis.hash], t: 1, d: { m: member.signer.publicKey, x: member.x25519.publicKey, n: 'Ben', r: 'responder', k: [] } })
  return [genesis, add]
}

describe('activation', () => {
  test('an admin\'s activation of its own incident is read with its decoded roster', () => {
    const ops = openedBy(lead, ben)
    const activation = readActivation(rec(lead, 1, 1, activationPayload(ops[0]!.body.i, 'Ransomware at HQ', ops, 'ransomware')))
    assert.ok(typeof activation !== 'string', String(activation))
    assert.equal(activation.incidentId, toHex(ops[0]!.body.i))
    assert.equal(activation.playbook, 'ransomware')
    assert.deepEqual(activation.ops.map(op => op.hashHex), ops.map(op => op.hashHex))
  })

  test('hostile activations are refused, each with its reason', () => {
    const ops = openedBy(lead, ben)
    const id = ops[0]!.body.i
    const other = openedBy(lead, ben)
    const cases: Array<[string, PayloadInput, string]> = [
      ['someone else\'s incident', activationPayload(id, 'x', ops), 'not opened by'],
      ['an op of another incident', { ...activationPayload(id, 'x', ops), o: [ops[0]!.wire, other[1]!.wire] }, 'another incident'],
      ['an op that does not verify', { ...activationPayload(id, 'x', ops), o: [ops[0]!.wire, new Uint8Array([1, 2, 3])] }, 'decode'],
      ['no genesis', activationPayload(id, 'x', ops.slice(1)), 'genesis']
    ]
    for (const [what, payload, reason] of cases) {
      const writer = what === 'someone else\'s incident' ? ben : lead
      const read = readActivation(rec(writer, 1, 1, payload))
      assert.ok(typeof read === 'string' && read.includes(reason), `${what}: ${String(read)}`)
    }
    const team = genesisOp(lead, 'Core IR', 'Lead', 'team')
    assert.match(String(readActivation(rec(lead, 1, 1, activationPayload(team.body.i, 'x', [team])))), /team cannot be activated/)
  })

  test('the first activation of an incident stands; refused ones are left out', () => {
    const ops = openedBy(lead, ben)
    const id = ops[0]!.body.i
    const found = activationsOf([
      rec(ben, 1, 1, activationPayload(id, 'forged', ops)),
      rec(lead, 1, 2, activationPayload(id, 'first', ops)),
      rec(lead, 2, 3, activationPayload(id, 'again', ops))
    ])
    assert.deepEqual([...found.values()].map(a => a.title), ['first'])
  })

  test('a genesis says whether its roster is a team\'s or an incident\'s', () => {
    for (const kind of ['team', 'incident'] as const) {
      const genesis = genesisOp(lead, 'Core IR', 'Lead', kind)
      const book = new RosterBook(genesis.body.i, genesis.hashHex, lead)
      book.adopt([genesis])
      assert.equal(book.kind, kind)
    }
  })
})

describe('playbooks', () => {
  const owners = { lead: 'P-lead', byRole: new Map([['responder', ['P-ben', 'P-cy']], ['admin', ['P-lead']]]) }
  const ransomware = BUILT_IN_PLAYBOOKS.find(p => p.name === 'ransomware')!

  test('tasks go round the holders of their role, the lead\'s to the lead; due times and checkpoints count from the start', () => {
    const now = Date.UTC(2026, 11, 1, 9)
    const seed = seedOf(ransomware, owners, now)
    const responderTasks = ransomware.tasks.map((t, i) => [t, seed.tasks[i]!] as const).filter(([t]) => t.owner === 'responder')
    assert.deepEqual(responderTasks.map(([, s]) => s.assignee), ['P-ben', 'P-cy', 'P-ben', 'P-cy'])
    assert.ok(seed.tasks.filter((_, i) => ransomware.tasks[i]!.owner === 'lead').every(t => t.assignee === 'P-lead'))
    assert.equal(seed.tasks[0]!.due, new Date(now + 3_600_000).toISOString())
    assert.equal(seed.timeline.length, ransomware.checkpoints.length + 1)
    assert.equal(seed.timeline[1]!.occurredAt, new Date(now + ransomware.checkpoints[0]!.atHours * 3_600_000).toISOString())
    assert.deepEqual(seed.notes.map(n => n.name), ransomware.notes.map(n => n.name))
  })

  test('a role nobody holds falls to the lead', () => {
    const seed = seedOf({ ...ransomware, tasks: [{ title: 'Observe', owner: 'observer', dueInHours: null }] }, owners, 0)
    assert.deepEqual(seed.tasks, [{ title: 'Observe', assignee: 'P-lead', due: '' }])
  })

  test('a team playbook survives its payload; the latest of a name stands', () => {
    const mine = { name: 'ours', about: ransomware.about, tasks: ransomware.tasks, checkpoints: ransomware.checkpoints, notes: ransomware.notes }
    assert.deepEqual(playbookOf({ ...playbookPayload(mine) }, 'team-1'), { ...mine, source: 'team-1' })
    const older = rec(lead, 1, 5, playbookPayload({ ...mine, about: 'old' }))
    const newer = rec(ben, 1, 6, playbookPayload({ ...mine, about: 'new' }))
    assert.equal(teamPlaybooks([newer, older], 'team-1').get('ours')?.about, 'new')
  })

  test('an owner this version does not know becomes the lead', () => {
    assert.equal(playbookOf({ k: 'playbook', name: 'x', ts: [['t', 'boss', 0]], cp: [], nt: [] }, 't').tasks[0]?.owner, 'lead')
  })
})

describe('drills', () => {
  const start = 100_000
  const drill = rec(lead, 3, 10, { k: 'drill', text: 'Drill', every: 30 * 86_400_000 }, start)
  const records = [
    drill,
    rec(ben, 1, 11, { k: 'reach', r: [lead.signer.publicKey, 3], ver: '0.2.0' }, start + 40),
    rec(ben, 2, 12, { k: 'ack', r: [lead.signer.publicKey, 3] }, start + 9_000),
    // A device with a clock behind: never a negative time.
    rec(cy, 1, 11, { k: 'reach', r: [lead.signer.publicKey, 3], ver: '0.1.0' }, start - 500),
    // A reach naming an announcement is not a drill answer.
    rec(lead, 4, 13, { k: 'announce', text: 'a', urgent: false, ack: false }, start + 1),
    rec(cy, 2, 14, { k: 'reach', r: [lead.signer.publicKey, 4], ver: '0.1.0' }, start + 2)
  ]
  const lines = foldAnnouncements(records)

  test('a drill is an announcement that asks acknowledgement; reach is its delivery with the version', () => {
    const line = lines.find(l => l.drill !== undefined)!
    assert.equal(line.requiresAck, true)
    assert.deepEqual(Object.fromEntries(line.versions), { [hexOf(ben)]: '0.2.0', [hexOf(cy)]: '0.1.0' })
    assert.equal(lines.find(l => l.drill === undefined)?.delivered.size, 0)
  })

  test('the report: times from the start per member, nulls where not answered, the tally', () => {
    const line = lines.find(l => l.drill !== undefined)!
    const dee = { hex: 'dd'.repeat(32), peerId: 'P-dee', name: 'Dee' }
    const report = drillReport(line, [{ hex: hexOf(ben), peerId: ben.peerId, name: 'Ben' }, { hex: hexOf(cy), peerId: cy.peerId, name: 'Cy' }, dee], new Set([ben.peerId]), 'Lead')
    assert.deepEqual(report.members.map(m => [m.name, m.reachedMs, m.ackedMs, m.verified, m.version]), [
      ['Ben', 40, 9_000, true, '0.2.0'], ['Cy', 0, null, false, '0.1.0'], ['Dee', null, null, false, null]
    ])
    assert.deepEqual(report.summary, { members: 3, reached: 2, acked: 1, medianReachMs: 20, medianAckMs: 9_000, worstReachMs: 40, worstAckMs: 9_000 })
    assert.equal(report.every, 30 * 86_400_000)
    assert.match(exportDrill(report, 'Core IR', 'markdown'), /\| Dee \| P-dee \| never answered \| — \| NO \| — \|/)
    assert.doesNotMatch(exportDrill({ ...report, text: '<script>x</script>' }, 'Core IR', 'html'), /<script>/)
  })

  test('median of none is null; of an even count, the mean of the middle two', () => {
    assert.equal(median([]), null)
    assert.equal(median([4, 1, 3, 2]), 3)
  })

  test('the schedule: the latest drill that set one stands, due that long after the latest drill; 0 stops it', () => {
    const every = 3_600_000
    const set = rec(lead, 1, 1, { k: 'drill', text: 'd', every }, 1_000)
    const later = rec(lead, 2, 2, { k: 'drill', text: 'scheduled' }, 5_000)
    assert.deepEqual(drillSchedule(foldAnnouncements([set, later])), { everyMs: every, setByHex: hexOf(lead), nextAt: 5_000 + every })
    assert.equal(drillSchedule(foldAnnouncements([set, rec(ben, 1, 3, { k: 'drill', text: 'stop', every: 0 }, 6_000)])), undefined)
    assert.equal(drillSchedule(foldAnnouncements([later])), undefined)
  })
})

describe('readiness', () => {
  const now = 10 * STALE_AFTER_MS
  const row = (name: string, over: Partial<ReadinessInput>): ReadinessInput =>
    ({ peerId: `P-${name}`, name, role: 'responder', lastSeen: now, version: '0.1.0', verified: true, lastDrill: { reached: true, acked: true }, self: false, ...over })

  test('warnings in plain words, the members with warnings first', () => {
    const rows = readiness([
      row('Ana', {}),
      row('Ben', { verified: false, lastSeen: null }),
      row('Cy', { lastSeen: now - STALE_AFTER_MS - 86_400_000, lastDrill: { reached: false, acked: false } }),
      row('Dee', { lastDrill: { reached: true, acked: false } }),
      row('Me', { verified: false, lastSeen: null, self: true })
    ], now)
    assert.deepEqual(rows.map(r => [r.name, r.warnings]), [
      ['Ben', ['fingerprint never verified', 'never seen by this device']],
      ['Cy', ['not seen for 15 days', 'missed the last drill']],
      ['Dee', ['did not acknowledge the last drill']],
      ['Ana', []],
      ['Me', []]
    ])
    assert.equal('self' in (rows[0] as object), false)
  })
})

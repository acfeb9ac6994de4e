// Which node events become desktop notifications.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Announcement, ChatMessage } from '../../../p2p/api/types.js'
import { NotificationPolicy } from '../../../main/notify.js'
import type { NotifyContext } from '../../../main/notify.js'

const INCIDENT = '0123456789abcdef0123456789abcdef'
const ME = '12D3KooWMe'
const ANA = '12D3KooWAna'

function message (over: Partial<ChatMessage> = {}): { incidentId: string, message: ChatMessage } {
  return { incidentId: INCIDENT, message: { id: `${ANA}:1`, author: ANA, name: 'Ana', text: 'VLAN 40 isolated', ts: 1_000_000, lamport: 1, edited: false, reactions: {}, mentions: [], ...over } }
}

function setup (): { policy: NotificationPolicy, clock: { now: number }, ctx: NotifyContext } {
  const clock = { now: 1_000_000 }
  const policy = new NotificationPolicy(() => clock.now, { quietMs: 10_000, recentMs: 60_000 })
  return { policy, clock, ctx: { self: ME, focused: false, titleOf: (id) => id === INCIDENT ? 'Ransomware at plant 3' : undefined } }
}

describe('notification text from peers', () => {
  const hostile = message({ name: 'Ana <b>&</b>', text: '<a href="https://evil.example">open</a> & \'run\' \u202egnp.exe' })
  const ctx: NotifyContext = { self: ME, focused: false, titleOf: () => 'R&D <lab>' }

  test('where the server renders markup (Linux) the body is escaped and the title holds no markup character', () => {
    const shown = new NotificationPolicy(() => 1_000_000, { markup: true }).decide('message', hostile, ctx)
    assert.deepEqual(shown, {
      title: 'Ana ‹b›＆‹/b› · R＆D ‹lab›',
      body: '&lt;a href=&quot;https://evil.example&quot;&gt;open&lt;/a&gt; &amp; &#39;run&#39; gnp.exe',
      incidentId: INCIDENT
    })
  })

  test('elsewhere the text stays as written, without bidi controls', () => {
    const shown = new NotificationPolicy(() => 1_000_000, { markup: false }).decide('message', hostile, ctx)
    assert.equal(shown?.title, 'Ana <b>&</b> · R&D <lab>')
    assert.equal(shown?.body, '<a href="https://evil.example">open</a> & \'run\' gnp.exe')
  })
})

describe('NotificationPolicy', () => {
  test('a new message from someone else while unfocused: who, where, what', () => {
    const { policy, ctx } = setup()
    assert.deepEqual(policy.decide('message', message(), ctx), { title: 'Ana · Ransomware at plant 3', body: 'VLAN 40 isolated', incidentId: INCIDENT })
  })

  test('nothing while focused, for own messages, for backlog from sync, or for other events', () => {
    const { policy, clock, ctx } = setup()
    assert.equal(policy.decide('message', message(), { ...ctx, focused: true }), null)
    assert.equal(policy.decide('message', message({ author: ME }), ctx), null)
    clock.now += 61_000
    assert.equal(policy.decide('message', message(), ctx), null)
    for (const event of ['roster', 'workspace', 'peer', 'presence', 'message-changed']) assert.equal(policy.decide(event, { incidentId: INCIDENT }, ctx), null)
    assert.equal(policy.decide('message', { incidentId: INCIDENT, message: 'junk' }, ctx), null)
    assert.equal(policy.decide('message', null, ctx), null)
  })

  test('a burst is one notification, then the next says how many were held back', () => {
    const { policy, clock, ctx } = setup()
    assert.notEqual(policy.decide('message', message(), ctx), null)
    for (let i = 0; i < 3; i++) {
      clock.now += 1000
      assert.equal(policy.decide('message', message({ ts: clock.now }), ctx), null)
    }
    clock.now += 10_000
    assert.equal(policy.decide('message', message({ ts: clock.now, text: 'next' }), ctx)?.title, 'Ana · Ransomware at plant 3 (+3 more)')
  })

  test('mentions of this device are never held back', () => {
    const { policy, clock, ctx } = setup()
    policy.decide('message', message(), ctx)
    clock.now += 100
    const mention = policy.decide('message', message({ ts: clock.now, text: '@me can you image fs-02?', mentions: [ME] }), ctx)
    assert.equal(mention?.title, 'Ana mentioned you · Ransomware at plant 3')
  })

  test('a private message to this device: shown once, never held back, never my own or old ones, not while focused', () => {
    const { policy, clock, ctx } = setup()
    policy.decide('message', message(), ctx)
    clock.now += 100
    const dm = message({ id: 'ana:9', ts: clock.now, text: 'Keep this between us: svc_backup is compromised' }).message
    assert.deepEqual(policy.privateMessage(INCIDENT, dm, ctx), { title: 'Ana wrote to you privately · Ransomware at plant 3', body: 'Keep this between us: svc_backup is compromised', incidentId: INCIDENT })
    assert.equal(policy.privateMessage(INCIDENT, dm, ctx), null, 'the same message again (the thread\'s next key) is not shown twice')
    assert.equal(policy.privateMessage(INCIDENT, { ...dm, id: 'me:3', author: ME }, ctx), null)
    assert.equal(policy.privateMessage(INCIDENT, { ...dm, id: 'ana:10' }, { ...ctx, focused: true }), null)
    clock.now += 61_000
    assert.equal(policy.privateMessage(INCIDENT, { ...dm, id: 'ana:11' }, ctx), null, 'backlog from sync')
  })

  test('an "@Name" in the text is a mention too, as the UI and CLI write them (issue 11)', () => {
    const { policy, clock, ctx } = setup()
    policy.decide('message', message(), ctx)
    clock.now += 100
    const mention = policy.decide('message', message({ ts: clock.now, text: '@Ben Okafor can you image fs-02?' }), { ...ctx, selfName: 'Ben Okafor' })
    assert.equal(mention?.title, 'Ana mentioned you · Ransomware at plant 3')
  })

  test('long text is clipped to one line; unknown incidents are named Lifeboat', () => {
    const { policy, ctx } = setup()
    const other = 'f'.repeat(32)
    const n = policy.decide('message', { ...message({ text: `line one\nline two ${'x'.repeat(500)}` }), incidentId: other }, ctx)
    assert.equal(n?.title, 'Ana · Lifeboat')
    assert.ok(n !== null && n.body.length === 200 && n.body.startsWith('line one line two') && n.body.endsWith('…'))
  })
})

describe('urgent announcements', () => {
  const roll = (over: Partial<Announcement> = {}): Announcement => ({
    id: `${ANA}:7`, text: 'Roll call: are you safe?', author: ANA, authorName: 'Ana', ts: 1_000_000, urgent: true, requiresAck: true,
    options: ['safe', 'need-help'], responses: [], delivered: [], pending: [ME], remindedAt: null, ...over
  })

  test('an urgent one from someone else is shown once, naming its author', () => {
    const { policy, ctx } = setup()
    assert.deepEqual(policy.announcement(INCIDENT, roll(), { ...ctx }), { title: 'Urgent announcement · Ransomware at plant 3', body: 'Ana: Roll call: are you safe?', incidentId: INCIDENT })
    assert.equal(policy.announcement(INCIDENT, roll(), ctx), null, 'once: acknowledgements and receipts raise the event again')
  })

  test('not a normal one, not my own, not an old one, not while focused', () => {
    const { policy, clock, ctx } = setup()
    assert.equal(policy.announcement(INCIDENT, roll({ urgent: false }), ctx), null)
    assert.equal(policy.announcement(INCIDENT, roll({ author: ME }), ctx), null)
    assert.equal(policy.announcement(INCIDENT, roll({ id: `${ANA}:8` }), { ...ctx, focused: true }), null)
    clock.now += 61_000
    assert.equal(policy.announcement(INCIDENT, roll({ id: `${ANA}:9` }), ctx), null)
  })

  test('a team\'s drill notifies as such; a team putting this device in an incident says so, peers\' words made safe', () => {
    const { policy, ctx } = setup()
    assert.equal(policy.announcement(INCIDENT, roll({ urgent: false, drill: true, options: [] }), ctx)?.title, 'Readiness drill: please acknowledge · Ransomware at plant 3')
    const told = policy.activated(INCIDENT, 'Breach\u202e at HQ', 'Ana\nlead')
    assert.equal(told.incidentId, INCIDENT)
    assert.ok(told.title.startsWith('New incident: Breach') && !told.title.includes('\u202e'), told.title)
    assert.ok(!told.body.includes('\n'), told.body)
  })

  test('an admin\'s reminder notifies a member still pending, once per reminder; not one who answered', () => {
    const { policy, clock, ctx } = setup()
    clock.now += 3_600_000
    const reminded = roll({ urgent: false, remindedAt: clock.now - 1000 })
    assert.equal(policy.announcement(INCIDENT, reminded, ctx)?.title, 'Reminder: please answer · Ransomware at plant 3')
    assert.equal(policy.announcement(INCIDENT, reminded, ctx), null, 'once')
    assert.equal(policy.announcement(INCIDENT, roll({ remindedAt: clock.now - 500, pending: [] }), ctx), null, 'answered already')
    assert.notEqual(policy.announcement(INCIDENT, roll({ urgent: false, remindedAt: clock.now }), ctx), null, 'a second reminder notifies again')
  })
})

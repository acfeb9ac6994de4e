// API param validation: what arrives over IPC, the control socket or WebSocket is untrusted.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidArgumentError } from '../../p2p/errors.js'
import { isMethodName, paramSchemas, validateParams } from '../../p2p/api/validators.js'
import type { MethodName } from '../../p2p/api/types.js'
import { makeIdentity } from '../support/identities.js'

const incidentId = '0123456789abcdef0123456789abcdef'
const messageId = `${(await makeIdentity(1)).peerId}:42`
const memberPeerId = '12D3KooWLgtxc5zs3kfeqUTRuEDCk6Jmd6ArAiHUbxN8Hqy3iDFj'

const workspaceId = '0123456789abcdef'
const sessionId = '0123456789abcdef01234567'
const uploadId = '0123456789abcdef0123456789abcdef'

// Other engineers add methods: the type stays partial so the build does not break, and the first
// test below fails until each new method has examples here.
const good: Partial<Record<MethodName, unknown[]>> = {
  whoami: [{}, undefined],
  setName: [{ name: 'Alice' }],
  connect: [{ addr: '/ip4/127.0.0.1/tcp/4001' }],
  peers: [{}],
  createIncident: [{ title: 'Outage' }, { title: 'Ransomware at HQ', teamId: incidentId, playbook: 'ransomware' }],
  listIncidents: [{}],
  createTeam: [{ name: 'Core IR' }],
  listTeams: [{}],
  listPlaybooks: [{}, { teamId: incidentId }],
  addPlaybook: [{ teamId: incidentId, playbook: { name: 'lost-laptop', about: '', tasks: [{ title: 'Revoke sessions', owner: 'responder', dueInHours: 1 }], checkpoints: [], notes: [] } }],
  drillStart: [{ teamId: incidentId }, { teamId: incidentId, text: 'Quarterly drill', everyMs: 30 * 86_400_000 }, { teamId: incidentId, everyMs: 0 }],
  drillAck: [{ teamId: incidentId, drillId: messageId }],
  drillReport: [{ teamId: incidentId, drillId: messageId }],
  drills: [{ teamId: incidentId }],
  drillExport: [{ teamId: incidentId, drillId: messageId, format: 'markdown' }, { teamId: incidentId, drillId: messageId, format: 'html' }],
  readiness: [{ teamId: incidentId }],
  createInvite: [{ incidentId, role: 'guest', expiresInMs: 3_600_000, uses: 1 }, { incidentId, role: 'observer', expiresInMs: 1000, uses: 10_000 }],
  join: [{ invite: 'lifeboat://join/abc' }, { invite: 'lifeboat://join/abc', timeoutMs: 5000 }, { invite: 'lifeboat://join/abc', wait: true, timeoutMs: 3_600_000 }],
  pendingJoins: [{}],
  previewInvite: [{ invite: 'lifeboat://join/2-abc' }],
  cancelJoin: [{ incidentId }],
  sendMessage: [{ incidentId, text: 'hello' }, { incidentId, text: 'just us', thread: incidentId }, { incidentId, text: 'done', replyTo: messageId }],
  pin: [{ incidentId, id: messageId, on: true }, { incidentId, id: messageId, on: false }],
  pins: [{ incidentId }],
  search: [{ incidentId, query: '10.0.0.5' }, { incidentId, query: 'krbtgt reset', limit: 5 }],
  dmSend: [{ incidentId, peerId: memberPeerId, text: 'call me' }, { incidentId, peerId: 'Bob', text: 'x' }],
  dmList: [{ incidentId }, { incidentId, with: 'Bob', limit: 10 }],
  threadCreate: [{ incidentId, with: ['Bob'] }, { incidentId, with: ['Bob', memberPeerId], title: 'Legal' }],
  threads: [{ incidentId }],
  threadRemove: [{ incidentId, threadId: incidentId, peerId: 'Bob' }],
  editMessage: [{ incidentId, id: messageId, text: 'hello again' }],
  deleteMessage: [{ incidentId, id: messageId }],
  react: [{ incidentId, id: messageId, emoji: '👍', on: false }],
  markRead: [{ incidentId }, { incidentId, upTo: messageId }],
  incidentSettings: [{ incidentId }],
  setIncidentSettings: [{ incidentId, autoFetchBytes: 0 }, { incidentId, autoFetchBytes: 100 * 1024 * 1024 }],
  setRetention: [{ incidentId, days: null }, { incidentId, days: 0 }, { incidentId, days: 365 }],
  setHold: [{ incidentId, on: true }, { incidentId, on: false }],
  setRegimes: [{ incidentId, regimes: [] }, { incidentId, regimes: ['nis2', 'gdpr'], trustService: true, doraWeekendRule: false }],
  recordFact: [{ incidentId, kind: 'aware', at: 1 }, { incidentId, kind: 'submitted:nis2/notification', at: Date.UTC(2026, 10, 30) }, { incidentId, kind: 'requested:intermediate', at: 5 }],
  clocks: [{ incidentId }],
  clockFacts: [{ incidentId }],
  callJoin: [{ incidentId }],
  callAlive: [{ incidentId, sessionId: '0123456789abcdef' }],
  callSignal: [{ incidentId, sessionId: '0123456789abcdef', kind: 'offer', to: memberPeerId, toSession: 'fedcba9876543210', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n' }],
  callLeave: [{ incidentId, sessionId: '0123456789abcdef' }],
  callStatus: [{ incidentId }],
  draft: [{ incidentId, regime: 'sec', report: '8-k', format: 'markdown' }],
  messageReaders: [{ incidentId, id: messageId }],
  announce: [{ incidentId, text: 'Do not use email' }, { incidentId, text: 'Roll call', urgent: true, ack: true, options: ['safe', 'need-help', 'unavailable'] }],
  ack: [{ incidentId, id: messageId }, { incidentId, id: messageId, answer: 'safe' }],
  announcements: [{ incidentId }],
  remind: [{ incidentId, id: messageId }],
  bulletinKey: [{ incidentId }, { incidentId, rotate: true }],
  bulletinPublish: [{ incidentId, text: 'We are investigating an outage.' }, { incidentId, text: 'Update', out: '/srv/www/status' }],
  bulletins: [{ incidentId }],
  bulletinFiles: [{ incidentId }],
  draftGet: [{ incidentId, conversation: 'chat' }],
  draftSet: [{ incidentId, conversation: 'chat', text: 'half a thought' }, { incidentId, conversation: 'chat', text: '' }],
  messages: [{ incidentId }, { incidentId, limit: 50 }, { incidentId, thread: incidentId, limit: 10 }, { incidentId, before: messageId, limit: 100 }],
  members: [{ incidentId }],
  status: [{ incidentId }],
  stats: [{}],
  setOffline: [{ offline: true }, { offline: false }],
  timelineAdd: [{ incidentId, occurredAt: '2026-11-22T14:05:00Z', text: 'EDR alert on FS01' }, { incidentId, occurredAt: '2026-11-22T15:05:00.250+01:00', text: 'x', source: 'EDR', tags: ['impact'], evidence: ['sha256:ab'] }],
  timelineList: [{ incidentId }],
  timelineEdit: [{ incidentId, id: workspaceId }, { incidentId, id: workspaceId, text: 'corrected', occurredAt: '2026-11-22T14:06:00Z' }],
  timelineRemove: [{ incidentId, id: workspaceId }],
  noteList: [{ incidentId }],
  noteShow: [{ incidentId, name: 'scoping' }],
  noteAppend: [{ incidentId, name: 'scoping', text: 'FS01 and FS02 affected' }],
  noteRename: [{ incidentId, name: 'scoping', to: 'Scope' }],
  noteDelete: [{ incidentId, name: 'scoping' }],
  taskAdd: [{ incidentId, title: 'Reset krbtgt twice' }, { incidentId, title: 'Call insurer', assignee: 'Bob', due: '2026-11-23T09:00:00Z' }],
  taskList: [{ incidentId }],
  taskSet: [{ incidentId, id: workspaceId, status: 'done' }],
  taskDelete: [{ incidentId, id: workspaceId }],
  workspaceAttach: [{ incidentId }],
  workspaceApply: [{ incidentId, sessionId, update: 'AQLKAQA=' }],
  workspaceSync: [{ incidentId, stateVector: '' }, { incidentId, stateVector: 'AA==' }],
  workspaceDetach: [{ incidentId, sessionId }],
  setPresence: [{ incidentId, state: {} }, { incidentId, state: { cursor: { index: 3 }, name: 'Alice' } }],
  removeMember: [{ incidentId, peerId: memberPeerId }],
  setRole: [{ incidentId, peerId: memberPeerId, role: 'admin' }, { incidentId, peerId: memberPeerId, role: 'observer' }],
  rotateKey: [{ incidentId }],
  verifyMember: [{ incidentId, peerId: memberPeerId }],
  blockPeer: [{ peerId: memberPeerId, blocked: true }, { peerId: memberPeerId, blocked: false }],
  fileAdd: [{ incidentId, path: '/tmp/x.png' }, { incidentId, path: 'x.png', caption: 'the alert', evidence: true }],
  fileList: [{ incidentId }],
  checkpoint: [{ incidentId }],
  exportRecord: [{ incidentId }, { incidentId, out: '/tmp/bec.lbr', readable: true, withFiles: true }],
  report: [{ incidentId, format: 'html' }, { incidentId, format: 'markdown' }],
  fileGet: [{ incidentId, id: `${memberPeerId}:3`, out: '/tmp/x.png' }, { incidentId, id: `${memberPeerId}:3`, out: 'x', timeoutMs: 5000 }],
  fileFetch: [{ incidentId, id: `${memberPeerId}:3` }, { incidentId, id: `${memberPeerId}:3`, timeoutMs: 60_000 }],
  fileRead: [{ incidentId, id: `${memberPeerId}:3`, offset: 0, length: 1 }, { incidentId, id: `${memberPeerId}:3`, offset: 5_000_000, length: 1024 * 1024 }],
  fileUploadStart: [{ incidentId, name: 'scan.pcap', size: 0 }, { incidentId, name: 'alert.png', size: 1234, caption: 'EDR', evidence: true }],
  fileUploadChunk: [{ uploadId, offset: 0, data: '' }, { uploadId, offset: 1024 * 1024, data: Buffer.alloc(1024 * 1024).toString('base64') }],
  fileUploadFinish: [{ uploadId }],
  fileUploadCancel: [{ uploadId }]
}

// [method, params, the field the message must name (or a phrase for whole-object problems)]
const bad: Array<[MethodName, unknown, string]> = [
  ['callAlive', { incidentId, sessionId: 'not-a-session' }, 'sessionId'],
  ['callSignal', { incidentId, sessionId: '0123456789abcdef', kind: 'hello', to: memberPeerId, toSession: 'fedcba9876543210', sdp: 'v=0' }, 'kind'],
  ['callSignal', { incidentId, sessionId: '0123456789abcdef', kind: 'offer', to: memberPeerId, toSession: 'fedcba9876543210', sdp: 'x'.repeat(8193) }, 'sdp'],
  ['whoami', { extra: 1 }, 'extra'],
  ['setName', {}, 'name'],
  ['setName', { name: '   ' }, 'name'],
  ['setName', { name: 'x'.repeat(101) }, 'name'],
  ['setName', { name: 7 }, 'name'],
  ['connect', { addr: '' }, 'addr'],
  ['createIncident', { title: '' }, 'title'],
  ['createIncident', { title: 'ok', color: 'red' }, 'color'],
  ['createInvite', { incidentId: 'xyz', role: 'guest', expiresInMs: 3_600_000, uses: 1 }, 'incidentId'],
  ['createInvite', { incidentId: incidentId.toUpperCase(), role: 'guest', expiresInMs: 3_600_000, uses: 1 }, 'incidentId'],
  ['createInvite', { incidentId, role: 'admin', expiresInMs: 3_600_000, uses: 1 }, 'role'],
  ['createInvite', { incidentId, role: 'guest', expiresInMs: 999, uses: 1 }, 'expiresInMs'],
  ['createInvite', { incidentId, role: 'guest', expiresInMs: 1.5e3 + 0.5, uses: 1 }, 'expiresInMs'],
  ['createInvite', { incidentId, role: 'guest', expiresInMs: 3_600_000, uses: 0 }, 'uses'],
  ['createInvite', { incidentId, role: 'guest', expiresInMs: 3_600_000, uses: 10_001 }, 'uses'],
  ['createInvite', { incidentId, role: 'guest', expiresInMs: 3_600_000 }, 'uses'],
  ['join', { invite: '' }, 'invite'],
  ['previewInvite', { invite: 'x'.repeat(4097) }, 'invite'],
  ['join', { invite: 'x'.repeat(4097) }, 'invite'],
  ['join', { invite: 'lifeboat://join/abc', timeoutMs: 50 }, 'timeoutMs'],
  ['sendMessage', { incidentId, text: '' }, 'text'],
  ['sendMessage', { incidentId, text: 'x'.repeat(16_001) }, 'text'],
  ['sendMessage', { text: 'hi' }, 'incidentId'],
  // Whitespace-only or invisible text is no text (issue 20).
  ['sendMessage', { incidentId, text: '   ' }, 'text'],
  ['sendMessage', { incidentId, text: '\n\t \u200b\u202e' }, 'text'],
  ['editMessage', { incidentId, id: messageId, text: ' ' }, 'text'],
  ['timelineAdd', { incidentId, occurredAt: '2026-11-22T14:05:00Z', text: '  \n ' }, 'text'],
  ['timelineEdit', { incidentId, id: workspaceId, text: '\u3000' }, 'text'],
  ['noteAppend', { incidentId, name: 'n', text: '\n\n' }, 'text'],
  ['noteShow', { incidentId, name: '\u200b' }, 'name'],
  ['taskAdd', { incidentId, title: '\u200b\u200b' }, 'title'],
  ['taskSet', { incidentId, id: workspaceId, title: '   ' }, 'title'],
  ['createIncident', { title: '\u2066 \u2069' }, 'title'],
  // A name the join would refuse is refused here (and its control or bidi characters).
  ['setName', { name: 'x'.repeat(150) }, 'at most 100'],
  ['setName', { name: 'Ana\nlead: approved' }, 'control'],
  ['setName', { name: '\u202eanA' }, 'bidi'],
  ['editMessage', { incidentId, id: 'not-an-id', text: 'x' }, 'id'],
  ['editMessage', { incidentId, id: `${messageId.split(':')[0] ?? ''}:`, text: 'x' }, 'id'],
  ['deleteMessage', { incidentId, id: '0OIl' + messageId.slice(4) }, 'id'],
  ['react', { incidentId, id: messageId, emoji: '👍', on: 'yes' }, 'on'],
  ['react', { incidentId, id: messageId, emoji: '', on: true }, 'emoji'],
  ['react', { incidentId, id: messageId, emoji: 'notanemoji', on: true }, 'emoji'],
  ['markRead', { incidentId, upTo: 'not-an-id' }, 'upTo'],
  ['messageReaders', { incidentId }, 'id'],
  ['announce', { incidentId, text: 'x', options: ['only one'] }, 'options'],
  ['announce', { incidentId, text: 'x', options: ['safe', 'safe'] }, 'options'],
  ['announce', { incidentId, text: '' }, 'text'],
  ['bulletinPublish', { incidentId, text: ' ' }, 'text'],
  ['createIncident', { title: 'x', playbook: 'ransomware' }, 'give the team too'],
  ['drillStart', { teamId: incidentId, everyMs: 60_000 }, 'at least an hour'],
  ['addPlaybook', { teamId: incidentId, playbook: { name: 'x', tasks: [{ title: 'y', owner: 'boss', dueInHours: null }] } }, 'owner'],
  ['drillExport', { teamId: incidentId, drillId: messageId, format: 'pdf' }, 'format'],
  ['threadCreate', { incidentId, with: [] }, 'with'],
  ['sendMessage', { incidentId, text: 'x', replyTo: 'the last one' }, 'replyTo'],
  ['pin', { incidentId, id: messageId }, 'on'],
  ['search', { incidentId, query: '  ' }, 'query'],
  ['sendMessage', { incidentId, text: 'x', thread: 'general' }, 'thread'],
  ['messages', { incidentId, thread: incidentId, system: true }, 'a thread has none'],
  ['bulletinKey', { incidentId, rotate: 'yes' }, 'rotate'],
  ['ack', { incidentId, id: messageId, answer: 'x'.repeat(41) }, 'answer'],
  ['setIncidentSettings', { incidentId, autoFetchBytes: -1 }, 'autoFetchBytes'],
  ['setIncidentSettings', { incidentId, autoFetchBytes: 2 ** 41 }, 'autoFetchBytes'],
  ['setRetention', { incidentId, days: -1 }, 'days'],
  ['setRetention', { incidentId, days: 1.5 }, 'days'],
  ['setRetention', { incidentId }, 'days'],
  ['setHold', { incidentId, on: 'yes' }, 'on'],
  ['setRegimes', { incidentId, regimes: ['hipaa'] }, 'regimes'],
  ['recordFact', { incidentId, kind: 'noticed', at: 1 }, 'kind'],
  ['recordFact', { incidentId, kind: 'submitted:', at: 1 }, 'kind'],
  ['recordFact', { incidentId, kind: 'aware', at: -1 }, 'at'],
  ['draft', { incidentId, regime: 'nis2', report: '../x', format: 'markdown' }, 'report'],
  ['draftSet', { incidentId, conversation: '../x', text: 'a' }, 'conversation'],
  ['draftSet', { incidentId, conversation: 'chat', text: 'x'.repeat(16_001) }, 'text'],
  ['react', { incidentId, id: messageId, emoji: '👍👍', on: true }, 'emoji'],
  ['messages', { incidentId, limit: 0 }, 'limit'],
  ['members', {}, 'incidentId'],
  ['status', { incidentId: 42 }, 'incidentId'],
  ['join', { invite: 'lifeboat://join/abc', wait: 'yes' }, 'wait'],
  ['cancelJoin', { incidentId: 'xyz' }, 'incidentId'],
  ['setOffline', { offline: 'yes' }, 'offline'],
  ['setOffline', {}, 'offline'],
  // A member may be named by peer id, prefix or name (the node resolves it); blank or oversized is refused here.
  ['removeMember', { incidentId, peerId: '  ' }, 'peerId'],
  ['setRole', { incidentId, peerId: 'x'.repeat(101), role: 'admin' }, 'peerId'],
  ['setRole', { incidentId, peerId: memberPeerId, role: 'owner' }, 'role'],
  ['createInvite', { incidentId, role: 'guest', expiresInMs: 3_600_000, uses: 1, guestAccessMs: 10 }, 'guestAccessMs'],
  ['timelineAdd', { incidentId, occurredAt: 'yesterday', text: 'x' }, 'occurredAt'],
  ['timelineAdd', { incidentId, occurredAt: '2026-11-22T14:05:00', text: 'x' }, 'occurredAt'],
  ['timelineAdd', { incidentId, occurredAt: '2026-02-30T10:00:00Z', text: 'x' }, 'occurredAt'],
  ['timelineAdd', { incidentId, occurredAt: '2026-11-22T14:05:00Z', text: '' }, 'text'],
  ['timelineAdd', { incidentId, occurredAt: '2026-11-22T14:05:00Z', text: 'x', tags: Array(65).fill('t') }, 'tags'],
  ['timelineAdd', { incidentId, occurredAt: '2026-11-22T14:05:00Z', text: 'x', tags: ['  '] }, 'tags.0'],
  ['timelineEdit', { incidentId, id: 'ABCDEF0123456789' }, 'id'],
  ['timelineRemove', { incidentId, id: '0123' }, 'id'],
  ['noteShow', { incidentId, name: ' ' }, 'name'],
  ['noteAppend', { incidentId, name: 'n', text: '' }, 'text'],
  ['fileAdd', { incidentId, path: '' }, 'path'],
  ['fileAdd', { incidentId, path: 'x', evidence: 'yes' }, 'evidence'],
  ['fileGet', { incidentId, id: 'fw01.pcap', out: 'x' }, 'id'],
  ['exportRecord', { incidentId, out: '' }, 'out'],
  ['exportRecord', { incidentId, readable: 'yes' }, 'readable'],
  ['report', { incidentId, format: 'pdf' }, 'format'],
  ['report', { incidentId }, 'format'],
  ['report', { incidentId, format: 'html', out: '/tmp/r.html' }, 'out'],
  ['checkpoint', { incidentId: 'BEC' }, 'incidentId'],
  ['fileGet', { incidentId, id: messageId, out: 'x', timeoutMs: 5 }, 'timeoutMs'],
  ['fileList', { incidentId, all: true }, 'all'],
  ['taskAdd', { incidentId, title: '' }, 'title'],
  ['taskAdd', { incidentId, title: 't', due: '2026-11-23' }, 'due'],
  ['taskSet', { incidentId, id: workspaceId, status: 'blocked' }, 'status'],
  ['workspaceAttach', { incidentId, extra: true }, 'extra'],
  ['workspaceApply', { incidentId, sessionId: 'abc', update: 'AA==' }, 'sessionId'],
  ['workspaceApply', { incidentId, sessionId, update: 'not base64!' }, 'update'],
  ['workspaceSync', { incidentId }, 'stateVector'],
  ['workspaceDetach', { sessionId }, 'incidentId'],
  ['setPresence', { incidentId, state: 'here' }, 'state'],
  // A file piece is at most 1 MiB (1,398,104 characters of base64), read or sent.
  ['fileRead', { incidentId, id: `${memberPeerId}:3`, offset: 0, length: 1024 * 1024 + 1 }, 'length'],
  ['fileRead', { incidentId, id: `${memberPeerId}:3`, offset: -1, length: 1 }, 'offset'],
  ['fileUploadChunk', { uploadId, offset: 0, data: Buffer.alloc(1024 * 1024 + 3).toString('base64') }, 'data'],
  ['fileUploadChunk', { uploadId, offset: 0, data: 'not base64!' }, 'data'],
  ['fileUploadChunk', { uploadId: '../x', offset: 0, data: '' }, 'uploadId'],
  ['fileUploadStart', { incidentId, name: '', size: 1 }, 'name'],
  ['fileUploadStart', { incidentId, name: 'x', size: -1 }, 'size'],
  ['setPresence', { incidentId, state: { blob: 'x'.repeat(3000) } }, 'state']
]

describe('validateParams', () => {
  test('every method has good examples here', () => {
    assert.deepEqual(Object.keys(paramSchemas).filter(m => !(m in good)), [], 'methods without examples in validators.test.ts')
  })

  for (const [method, examples] of Object.entries(good) as Array<[MethodName, unknown[]]>) {
    test(`${method}: good params pass`, () => {
      for (const params of examples) assert.doesNotThrow(() => validateParams(method, params), JSON.stringify(params))
    })
  }

  for (const [method, params, field] of bad) {
    test(`${method}: refuses ${JSON.stringify(params).slice(0, 70)} naming ${field}`, () => {
      assert.throws(() => validateParams(method, params), (err: unknown) => {
        assert.ok(err instanceof InvalidArgumentError, `got ${String(err)}`)
        assert.equal(err.code, 'invalid-argument')
        assert.ok(err.message.startsWith(`${method}: `), err.message)
        assert.ok(err.message.includes(field), `"${err.message}" should name ${field}`)
        return true
      })
    })
  }

  test('params that are not an object are refused', () => {
    for (const params of [null, 'text', 5, []]) {
      assert.throws(() => validateParams('sendMessage', params), InvalidArgumentError)
    }
  })

  test('returns the parsed params (names trimmed)', () => {
    assert.deepEqual(validateParams('setName', { name: '  Alice ' }), { name: 'Alice' })
    assert.deepEqual(validateParams('whoami', undefined), {})
  })

  test('date-times with a zone are stored as UTC', () => {
    const params = validateParams('timelineAdd', { incidentId, occurredAt: '2026-11-22T15:05:00+01:00', text: 'x' })
    assert.equal(params.occurredAt, '2026-11-22T14:05:00.000Z')
  })

  test('messages for documented rules say what is wrong', () => {
    assert.throws(() => validateParams('members', { incidentId: 'x' }), /an incident id is 32 hex characters/)
    assert.throws(() => validateParams('deleteMessage', { incidentId, id: 'x' }), /a message id is PEERID:SEQ/)
    assert.throws(() => validateParams('sendMessage', { incidentId, text: '' }), /text is empty/)
  })
})

describe('isMethodName', () => {
  test('knows the API methods and nothing inherited', () => {
    assert.equal(isMethodName('whoami'), true)
    assert.equal(isMethodName('createInvite'), true)
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', '', 'WHOAMI', 7, undefined]) {
      assert.equal(isMethodName(name), false, String(name))
    }
  })
})

// Voice call signalling across member processes (issue 18): three daemons on 127.0.0.1 and a raw
// node that joins as a member (Mallory). Joining says hello to everyone and everyone answers;
// offers and answers reach exactly the session they are for, checked and with their fingerprint;
// a video SDP or a stale session is refused; a member's replayed, tampered, stale or relayed
// signal and an outsider's are dropped and counted, never shown to a front end; a removed member
// is forgotten at once and cannot join; leaving records the call; `call status` is the CLI shape.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { CallSignal } from '../../p2p/api/types.js'
import { fromHex } from '../../p2p/codec/bytes.js'
import { sealCallSignal, type CallMessage } from '../../p2p/call/call-signal.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { CALL_PROTOCOL } from '../../p2p/net/protocols.js'
import { cleanupCli, lifeboat, runCli, startIncident, type RunningDaemon } from '../support/cli.js'
import { readFixture } from '../support/paths.js'
import { TestNet } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const SDP = (readFixture<{ messages: Array<{ name: string, fields: { sdp?: string } }> }>('call-messages.json').messages.find(m => m.name === 'offer')?.fields.sdp) as string

interface Member { name: string, daemon: RunningDaemon, ctl: ControlClient, signals: CallSignal[] }

describe('voice calls: signalling between member processes', { timeout: 180_000 }, () => {
  const net = new TestNet()
  let members: Member[] = []
  let incidentId: string
  const session: Record<string, string> = {}
  const [ana, ben, cy] = [0, 1, 2].map(i => () => members[i] as Member) as [() => Member, () => Member, () => Member]
  const drops = async (m: Member, reason: string): Promise<number> => (await m.ctl.call('stats', {})).dropped[`call:${reason}`] ?? 0
  const signalsFrom = (m: Member, from: Member | RawNode, kind: CallSignal['kind']): CallSignal[] =>
    m.signals.filter(s => s.kind === kind && s.from === ('daemon' in from ? from.daemon.peerId : from.peerId))

  before(async () => {
    const started = await startIncident('Call bridge', ['Ana', 'Ben', 'Cy'])
    incidentId = started.incidentId
    members = await Promise.all(started.daemons.map(async (daemon, i) => {
      const m: Member = { name: ['Ana', 'Ben', 'Cy'][i] as string, daemon, ctl: await connectControl(daemon.dir), signals: [] }
      m.ctl.on('call-signal', s => m.signals.push(s))
      return m
    }))
    await ben().ctl.call('connect', { addr: cy().daemon.addrs[0] ?? '' }) // joining linked each to Ana only
    await waitFor('every member to hold the roster of three', async () => {
      for (const m of members) if ((await m.ctl.call('members', { incidentId })).length !== 3) return false
      return true
    }, { timeoutMs: 30_000 })
  })

  after(async () => {
    for (const m of members) m.ctl.close()
    await Promise.all(members.map(async m => await m.daemon.stop()))
    await net.stop()
    await cleanupCli()
  })

  test('joining says hello to every member; the CLI shows who is in the call', async () => {
    const joined = await ana().ctl.call('callJoin', { incidentId })
    session.ana = joined.sessionId
    assert.equal(joined.me, ana().daemon.peerId)
    assert.deepEqual(joined.participants.map(p => p.name), ['Ana'])
    const status = async (m: Member): Promise<{ active: boolean, participants: Array<{ peerId: string, name: string, since: number }> }> => await lifeboat(m.daemon.dir, 'call', 'status', incidentId)
    await waitFor('Cy to hear Ana is in the call', async () => (await status(cy())).participants.length === 1, { timeoutMs: 10_000 })
    const seen = await status(cy())
    assert.deepEqual(Object.keys(seen).sort(), ['active', 'participants'])
    assert.equal(seen.active, true)
    assert.deepEqual(seen.participants, [{ peerId: ana().daemon.peerId, name: 'Ana', since: joined.participants[0]?.since }])

    session.ben = (await ben().ctl.call('callJoin', { incidentId })).sessionId
    await waitFor('Ana and Ben to hear each other', async () =>
      signalsFrom(ana(), ben(), 'hello').some(s => s.session === session.ben && s.sessionId === session.ana) &&
      signalsFrom(ben(), ana(), 'hello').some(s => s.session === session.ana && s.sessionId === session.ben), { timeoutMs: 10_000 })
    assert.equal(signalsFrom(ben(), ana(), 'hello')[0]?.fromName, 'Ana')
    assert.equal(cy().signals.length, 0, 'Cy is not in the call: its front end is told nothing')
    await waitFor('Cy to see two in the call, in joining order', async () => (await status(cy())).participants.map(p => p.name).join() === 'Ana,Ben', { timeoutMs: 10_000 })
    const human = await runCli(['call', 'status', incidentId, '--data', cy().daemon.dir])
    assert.match(human.stdout, /2 in the call[\s\S]*Ana[\s\S]*Ben/)
    assert.equal((await runCli(['call', 'status', '--data', cy().daemon.dir])).code, 2, 'no incident: usage')
  })

  test('an offer and its answer reach exactly their sessions, checked, with the signed fingerprint', async () => {
    const sent = await ben().ctl.call('callSignal', { incidentId, sessionId: session.ben as string, kind: 'offer', to: ana().daemon.peerId, toSession: session.ana as string, sdp: SDP })
    assert.deepEqual(sent, { sent: true })
    await waitFor('Ana to get Ben\'s offer', async () => signalsFrom(ana(), ben(), 'offer').length === 1, { timeoutMs: 10_000 })
    const offer = signalsFrom(ana(), ben(), 'offer')[0] as CallSignal
    assert.equal(offer.sdp, SDP, 'byte for byte as Ben signed it')
    assert.equal(offer.fingerprint, /a=fingerprint:sha-256 (\S+)/.exec(SDP)?.[1]?.replaceAll(':', '').toLowerCase())
    await ana().ctl.call('callSignal', { incidentId, sessionId: session.ana as string, kind: 'answer', to: ben().daemon.peerId, toSession: session.ben as string, sdp: SDP })
    await waitFor('Ben to get Ana\'s answer', async () => signalsFrom(ben(), ana(), 'answer').length === 1, { timeoutMs: 10_000 })

    await assert.rejects(ben().ctl.call('callSignal', { incidentId, sessionId: session.ben as string, kind: 'offer', to: ana().daemon.peerId, toSession: session.ana as string, sdp: SDP.replace('m=audio', 'm=video') }), /one audio stream/)
    await assert.rejects(ben().ctl.call('callSignal', { incidentId, sessionId: '00000000000000aa', kind: 'offer', to: ana().daemon.peerId, toSession: session.ana as string, sdp: SDP }), (err: Error & { code?: string }) => err.code === 'session-expired')
    const stale = await drops(ana(), 'not-for-this-session')
    await ben().ctl.call('callSignal', { incidentId, sessionId: session.ben as string, kind: 'offer', to: ana().daemon.peerId, toSession: '00000000000000bb', sdp: SDP })
    await waitFor('Ana to drop an offer for a session she no longer has', async () => await drops(ana(), 'not-for-this-session') > stale, { timeoutMs: 10_000 })
    assert.equal(signalsFrom(ana(), ben(), 'offer').length, 1)
  })

  test('a hostile member\'s replayed, tampered, stale or relayed signals and an outsider\'s are dropped; a removed member is forgotten', async () => {
    const mallory = net.track('member Mallory', await startRawNode())
    await mallory.connect(ana().daemon.addrs)
    const { invite } = await lifeboat<{ invite: string }>(ana().daemon.dir, 'invite', 'create', incidentId)
    const joined = await rawJoin(mallory, ana().daemon.peerId, decodeInviteLink(invite), { name: 'Mallory' })
    assert.ok(joined.ok)
    await waitFor('Ana to list Mallory', async () => (await ana().ctl.call('members', { incidentId })).length === 4, { timeoutMs: 10_000 })
    const seal = (message: CallMessage, signer = mallory.identity.signer, t = Date.now()): Uint8Array =>
      sealCallSignal(signer, fromHex(incidentId), joined.currentEpoch, joined.epochKeys.get(joined.currentEpoch) as Uint8Array, message, t)
    const hello: CallMessage = { k: 'hello', c: new Uint8Array(16).fill(7), s: new Uint8Array(8).fill(9), since: Date.now() }
    const send = async (from: RawNode, wire: Uint8Array): Promise<void> => {
      const s = await openRawStream(from, ana().daemon.peerId, CALL_PROTOCOL)
      await s.writeFrame(wire)
      await s.closeWrite()
    }
    const heard = (): number => signalsFrom(ana(), mallory, 'hello').length
    const good = seal(hello)
    await send(mallory, good)
    await waitFor('Ana to hear Mallory, a member', async () => heard() === 1, { timeoutMs: 10_000 })

    const cases: Array<[string, () => Promise<void>]> = [
      ['replay', async () => await send(mallory, good)],
      ['bad-signature', async () => { const w = seal(hello); w[w.length - 90] = (w[w.length - 90] as number) ^ 1; await send(mallory, w) }],
      ['stale', async () => await send(mallory, seal(hello, mallory.identity.signer, Date.now() - 5 * 60_000))]
    ]
    for (const [reason, act] of cases) {
      const before = await drops(ana(), reason)
      await act()
      await waitFor(`Ana to drop Mallory's signal as ${reason}`, async () => await drops(ana(), reason) > before, { timeoutMs: 10_000 })
    }
    // Another node hands over a signal Mallory signed: signals are never forwarded.
    const relay = net.track('outsider', await startRawNode())
    await relay.connect(ana().daemon.addrs)
    const relayed = await drops(ana(), 'not-from-its-author')
    await send(relay, seal(hello)).catch(() => undefined)
    // …and signs its own: it is no member.
    const outsider = await drops(ana(), 'non-member')
    await send(relay, seal(hello, relay.identity.signer)).catch(() => undefined)
    await waitFor('Ana to drop the relayed and the outsider\'s signal', async () =>
      await drops(ana(), 'not-from-its-author') > relayed && await drops(ana(), 'non-member') > outsider, { timeoutMs: 10_000 })
    assert.equal(heard(), 1, 'no dropped signal reached Ana\'s front end')

    assert.ok((await ana().ctl.call('callStatus', { incidentId })).participants.some(p => p.peerId === mallory.peerId))
    await ana().ctl.call('removeMember', { incidentId, peerId: mallory.peerId })
    await waitFor('Ana\'s front end to be told to hang up on Mallory, and her status to drop Mallory', async () =>
      signalsFrom(ana(), mallory, 'bye').length === 1 && !(await ana().ctl.call('callStatus', { incidentId })).participants.some(p => p.peerId === mallory.peerId), { timeoutMs: 10_000 })
    const removed = await drops(ana(), 'non-member')
    await send(mallory, seal({ ...hello, since: Date.now() })).catch(() => undefined)
    await waitFor('Ana to drop the removed member\'s hello', async () => await drops(ana(), 'non-member') > removed, { timeoutMs: 10_000 })
    assert.equal(heard(), 1)
  })

  test('a removed member\'s node refuses to join; leaving records the call and ends it', async () => {
    await ana().ctl.call('removeMember', { incidentId, peerId: cy().daemon.peerId })
    await waitFor('Cy to learn of the removal', async () => (await cy().ctl.call('members', { incidentId })).every(m => m.peerId !== cy().daemon.peerId), { timeoutMs: 15_000 })
    await assert.rejects(cy().ctl.call('callJoin', { incidentId }), (err: Error & { code?: string }) => err.code === 'not-authorized' && /removed/.test(err.message))

    const anaEntries = async (): Promise<number> => (await ben().ctl.call('status', { incidentId })).authors[ana().daemon.peerId] ?? 0
    const before = await anaEntries()
    assert.deepEqual(await ben().ctl.call('callLeave', { incidentId, sessionId: session.ben as string }), { left: true })
    await waitFor('Ana to hear Ben leave', async () => signalsFrom(ana(), ben(), 'bye').length === 1 && (await ana().ctl.call('callStatus', { incidentId })).participants.length === 1, { timeoutMs: 10_000 })
    assert.deepEqual(await ana().ctl.call('callLeave', { incidentId, sessionId: session.ana as string }), { left: true })
    assert.deepEqual(await ana().ctl.call('callStatus', { incidentId }), { active: false, participants: [] })
    assert.deepEqual(await ana().ctl.call('callLeave', { incidentId, sessionId: session.ana as string }), { left: false }, 'leaving twice is a no-op')
    await waitFor('Ben to hold Ana\'s leave and end entries', async () => await anaEntries() === before + 2, { timeoutMs: 10_000 })
    const { text } = await ben().ctl.call('report', { incidentId, format: 'markdown' })
    const row = text.split('\n').find(l => l.startsWith('| ') && l.includes('Ben') && /Ana \d\d:\d\d:\d\d UTC–\d\d/.test(l))
    assert.ok(row !== undefined && !row.includes('not recorded'), `the report's Calls section has the call, its end and both stints:\n${text}`)
  })
})

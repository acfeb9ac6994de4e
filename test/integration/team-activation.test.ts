// Teams (issue 14) with five member processes on 127.0.0.1 (mDNS and DHT off): Ana sets up the
// team in peacetime (invite, join); with Eve's daemon stopped, Ana opens an incident for the team
// with a playbook and the four online members are in it within seconds, without any invite, and
// read each other; Eve, started again on the same data folder, joins it on her own and reads what
// was said; a drill is reached on every device and acknowledged by the two who answer; Dee,
// removed from the team, is left out of the next incident; a responder can neither drill nor open
// an incident for the team, and a playbook without a team is wrong usage.
// The commands under test run as the CLI a lead or responder would type; the daemons are polled
// through their control sockets (cheap: a CLI call starts a process).
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { DrillReport, IncidentSummary, MemberInfo, Playbook, ReadinessRow, TeamSummary } from '../../p2p/api/types.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

const NAMES = ['Ana', 'Ben', 'Cy', 'Dee', 'Eve'] as const
const [ANA, BEN, CY, DEE, EVE] = [0, 1, 2, 3, 4]
/** What a member would call "within seconds", with room for two busy cores. */
const SECONDS = 15_000
const POLL = { timeoutMs: SECONDS, intervalMs: 100 }

interface Member { name: string, dir: string, peerId: string, daemon: RunningDaemon, ctl: ControlClient }

describe('teams: activation, an offline member, removal and a drill across five member processes', { timeout: 120_000 }, () => {
  const members: Member[] = []
  let teamId: string
  let first: string // the incident opened while Eve is offline
  let firstTexts: string[]
  const m = (i: number): Member => members[i] as Member
  const ana = (): Member => m(ANA)

  const start = async (name: string, dir: string): Promise<{ daemon: RunningDaemon, ctl: ControlClient }> => {
    const daemon = await startDaemon(dir, [...LOOPBACK_ARGS, '--name', name])
    return { daemon, ctl: await connectControl(dir) }
  }
  const incidentsOf = async (x: Member): Promise<IncidentSummary[]> => await x.ctl.call('listIncidents', {})
  const has = async (x: Member, incidentId: string): Promise<boolean> => (await incidentsOf(x)).some(i => i.incidentId === incidentId)
  const texts = async (x: Member, incidentId: string): Promise<string[]> => (await x.ctl.call('messages', { incidentId })).map(msg => msg.text)
  const teamPeers = async (x: Member): Promise<string[]> => (await x.ctl.call('members', { incidentId: teamId })).map(r => r.peerId).sort()
  const peersOf = (...is: number[]): string[] => is.map(i => m(i).peerId).sort()

  before(async () => {
    const dirs = await Promise.all(NAMES.map(async name => await makeTempDir(`lifeboat-team-${name.toLowerCase()}-`)))
    const started = await Promise.all(NAMES.map(async (name, i) => await start(name, dirs[i] as string)))
    started.forEach(({ daemon, ctl }, i) => members.push({ name: NAMES[i] as string, dir: dirs[i] as string, peerId: daemon.peerId, daemon, ctl }))
    // Peacetime: Ana creates the team and hands out one link for four devices.
    ;({ teamId } = await lifeboat<{ teamId: string }>(ana().dir, 'team', 'create', 'Core IR'))
    const { invite } = await lifeboat<{ invite: string }>(ana().dir, 'invite', 'create', teamId, '--uses', '4')
    await Promise.all(members.slice(1).map(async x => await lifeboat(x.dir, 'join', invite)))
    await waitFor('every daemon to hold the team of five', async () => {
      for (const x of members) if ((await teamPeers(x)).length !== NAMES.length) return false
      return true
    }, POLL)
    // A mesh, as on a LAN (joining linked each to Ana only).
    for (let i = 1; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) await m(i).ctl.call('connect', { addr: m(j).daemon.addrs[0] ?? '' })
    }
  })

  after(async () => {
    for (const x of members) x.ctl.close()
    await Promise.all(members.map(async x => await x.daemon.stop()))
    await cleanupCli()
  })

  test('the team is listed on every member\'s device, with their roles', async () => {
    const [anaTeams, benTeams] = await Promise.all([lifeboat<TeamSummary[]>(ana().dir, 'team', 'list'), lifeboat<TeamSummary[]>(m(BEN).dir, 'team', 'list')])
    assert.deepEqual(anaTeams.map(t => ({ teamId: t.teamId, name: t.name, role: t.role, members: t.members })), [{ teamId, name: 'Core IR', role: 'admin', members: 5 }])
    assert.deepEqual(benTeams.map(t => ({ teamId: t.teamId, role: t.role, members: t.members })), [{ teamId, role: 'responder', members: 5 }])
  })

  test('activation: the four online members are in the incident within seconds, without an invite, and read each other', async (t) => {
    const eve = m(EVE)
    eve.ctl.close()
    assert.equal(await eve.daemon.stop(), 0, 'Eve\'s daemon stops cleanly')
    const playbooks = await lifeboat<Playbook[]>(m(CY).dir, 'playbook', 'list')
    const ransomware = playbooks.find(p => p.name === 'ransomware')
    assert.ok(ransomware !== undefined && ransomware.tasks.length > 0, 'the built-in ransomware playbook is listed, with tasks')

    const t0 = Date.now()
    ;({ incidentId: first } = await lifeboat<{ incidentId: string }>(ana().dir, 'incident', 'create', 'Ransomware on the file servers', '--team', teamId, '--playbook', 'ransomware'))
    const createdMs = Date.now() - t0
    const online = [ANA, BEN, CY, DEE].map(m)
    const inAt = new Map<string, number>()
    await waitFor('Ben, Cy and Dee to be in the new incident', async () => {
      await Promise.all(online.slice(1).map(async x => { if (!inAt.has(x.name) && await has(x, first)) inAt.set(x.name, Date.now() - t0) }))
      return inAt.size === 3
    }, POLL)
    for (const x of online.slice(1)) {
      const summary = (await incidentsOf(x)).find(i => i.incidentId === first)
      assert.deepEqual({ title: summary?.title, role: summary?.role, team: summary?.team }, { title: 'Ransomware on the file servers', role: 'responder', team: { teamId, name: 'Core IR' } }, `${x.name}'s incident list`)
    }
    const roster = await lifeboat<MemberInfo[]>(ana().dir, 'members', first)
    assert.deepEqual(roster.map(r => r.peerId).sort(), peersOf(ANA, BEN, CY, DEE, EVE), 'every team member is in it, Eve too')
    assert.deepEqual(roster.map(r => `${r.name}: ${r.role}`).sort(), ['Ana: admin', 'Ben: responder', 'Cy: responder', 'Dee: responder', 'Eve: responder'], 'with their team roles')
    // Each posts at once (the CLI, as typed), and everyone reads everyone.
    firstTexts = online.map(x => `${x.name} on the ransomware bridge`)
    await Promise.all(online.map(async (x, i) => await lifeboat(x.dir, 'send', first, firstTexts[i] as string)))
    await waitFor('every online member to read the four messages', async () => {
      for (const x of online) {
        const seen = await texts(x, first)
        if (!firstTexts.every(s => seen.includes(s))) return false
      }
      return true
    }, POLL)
    const allReadMs = Date.now() - t0
    const tasks = await m(DEE).ctl.call('taskList', { incidentId: first })
    assert.deepEqual(tasks.map(task => task.title).sort(), ransomware.tasks.map(task => task.title).sort(), 'the playbook\'s tasks are in Dee\'s copy')
    t.diagnostic(`incident create ${createdMs} ms; in the incident after ${[...inAt].map(([n, ms]) => `${n} ${ms} ms`).join(', ')}; all four messages everywhere ${allReadMs} ms after create`)
  })

  test('the member who was offline joins the incident on her own when back, and reads what was said', async (t) => {
    const eve = m(EVE)
    const t0 = Date.now()
    const { daemon, ctl } = await start(eve.name, eve.dir) // same data folder: same port, saved peers
    Object.assign(eve, { daemon, ctl })
    assert.equal(daemon.peerId, eve.peerId)
    await waitFor('Eve to be in the incident opened while she was away', async () => await has(eve, first), { timeoutMs: 30_000, intervalMs: 200 })
    const joinedMs = Date.now() - t0
    await waitFor('Eve to read the four messages', async () => {
      const seen = await texts(eve, first)
      return firstTexts.every(s => seen.includes(s))
    }, POLL)
    const listed = await lifeboat<IncidentSummary[]>(eve.dir, 'incident', 'list')
    assert.deepEqual(listed.find(i => i.incidentId === first)?.team, { teamId, name: 'Core IR' }, 'Eve\'s `incident list` has it, from the team')
    await lifeboat(eve.dir, 'send', first, 'Eve back online')
    await waitFor('Ana to read Eve', async () => (await texts(ana(), first)).includes('Eve back online'), POLL)
    t.diagnostic(`Eve started again → in the incident ${joinedMs} ms, and every message read ${Date.now() - t0} ms`)
  })

  test('a drill reaches every device; the report has the two acknowledgements, the verification and the versions', async (t) => {
    await lifeboat(ana().dir, 'verify', teamId, m(BEN).peerId)
    const t0 = Date.now()
    const { drillId } = await lifeboat<{ drillId: string }>(ana().dir, 'drill', 'start', teamId, '--text', 'Quarterly drill: acknowledge please')
    const ackers = [BEN, DEE].map(m)
    await waitFor('Ben and Dee to have the drill', async () => {
      for (const x of ackers) if (!(await x.ctl.call('drills', { teamId })).some(d => d.drillId === drillId)) return false
      return true
    }, POLL)
    await Promise.all(ackers.map(async x => assert.deepEqual(await lifeboat(x.dir, 'drill', 'ack', teamId, drillId), { drillId })))
    await waitFor('Ana\'s report to show four devices reached and two people acknowledged', async () => {
      const { summary } = await ana().ctl.call('drillReport', { teamId, drillId })
      return summary.reached === 4 && summary.acked === 2
    }, POLL)
    const report = await lifeboat<DrillReport>(ana().dir, 'drill', 'report', teamId, drillId)
    assert.equal(report.drillId, drillId)
    assert.ok(report.startedAt >= t0 - 1_000 && report.startedAt <= Date.now(), 'startedAt is when Ana started it')
    assert.deepEqual({ members: report.summary.members, reached: report.summary.reached, acked: report.summary.acked }, { members: 4, reached: 4, acked: 2 })
    assert.equal(typeof report.summary.medianReachMs, 'number')
    assert.equal(typeof report.summary.medianAckMs, 'number')
    assert.deepEqual(report.members.map(r => r.peerId).sort(), peersOf(BEN, CY, DEE, EVE), 'every member but Ana, who started it')
    for (const row of report.members) {
      const who = row.name
      assert.ok(row.reachedMs !== null && row.reachedMs >= 0, `${who}'s device answered (reachedMs ${row.reachedMs})`)
      assert.equal(typeof row.version, 'string', `${who}'s device told its version`)
      const acked = row.peerId === m(BEN).peerId || row.peerId === m(DEE).peerId
      if (acked) assert.ok(row.ackedMs !== null && row.ackedMs >= 0, `${who} acknowledged`)
      else assert.equal(row.ackedMs, null, `${who} did not acknowledge`)
      assert.equal(row.verified, row.peerId === m(BEN).peerId, `only Ben is verified by Ana (${who})`)
    }
    const readiness = await lifeboat<ReadinessRow[]>(ana().dir, 'readiness', teamId)
    const cy = readiness.find(r => r.peerId === m(CY).peerId)
    assert.deepEqual(cy?.lastDrill, { reached: true, acked: false }, 'Cy\'s readiness row: reached, not acknowledged')
    assert.deepEqual(readiness.find(r => r.peerId === m(DEE).peerId)?.lastDrill, { reached: true, acked: true })
    assert.equal(typeof cy?.version, 'string')
    t.diagnostic(`drill: reach ${report.members.map(r => `${r.name} ${r.reachedMs ?? '-'} ms`).join(', ')}; report complete ${Date.now() - t0} ms after start`)
  })

  test('a member removed from the team is not in the next incident; the others are', async () => {
    const dee = m(DEE)
    await lifeboat(ana().dir, 'remove', teamId, dee.peerId)
    const staying = [ANA, BEN, CY, EVE].map(m)
    await waitFor('every remaining member\'s team roster to leave Dee out', async () => {
      for (const x of staying) if ((await teamPeers(x)).includes(dee.peerId)) return false
      return true
    }, POLL)
    const { incidentId: second } = await lifeboat<{ incidentId: string }>(ana().dir, 'incident', 'create', 'Mailbox takeover', '--team', teamId, '--playbook', 'business-email-compromise')
    const roster = await lifeboat<MemberInfo[]>(ana().dir, 'members', second)
    assert.deepEqual(roster.map(r => r.peerId).sort(), peersOf(ANA, BEN, CY, EVE), 'Dee is not in the second incident\'s roster')
    await waitFor('Ben, Cy and Eve to be in the second incident', async () => {
      for (const x of staying.slice(1)) if (!await has(x, second)) return false
      return true
    }, POLL)
    await lifeboat(m(CY).dir, 'send', second, 'Cy: mailbox rules exported')
    await waitFor('Ana, Ben and Eve to read Cy', async () => {
      for (const x of [ANA, BEN, EVE].map(m)) if (!(await texts(x, second)).includes('Cy: mailbox rules exported')) return false
      return true
    }, POLL)
    // By now the activation has been in the team's log (and gossiped to every device connected to
    // Ana, Dee included) for as long as the others took to join and talk.
    const deeList = await lifeboat<IncidentSummary[]>(dee.dir, 'incident', 'list')
    assert.ok(deeList.some(i => i.incidentId === first), 'Dee keeps the first incident')
    assert.ok(!deeList.some(i => i.incidentId === second), 'Dee\'s incident list lacks the second incident')
    const read = await runCli(['messages', '--data', dee.dir, '--json', second])
    assert.equal(read.code, 1, `Dee cannot read the second incident: ${read.stderr}`)
    assert.ok(!(await lifeboat<MemberInfo[]>(m(BEN).dir, 'members', second)).some(r => r.peerId === dee.peerId), 'Ben\'s roster of it leaves Dee out')
  })

  test('a responder can neither drill nor open an incident for the team; a playbook without a team is wrong usage', async () => {
    const ben = m(BEN)
    const before = (await incidentsOf(ana())).length
    const drill = await runCli(['drill', 'start', '--data', ben.dir, teamId])
    assert.equal(drill.code, 1, `a responder's drill start fails (exit 1): ${drill.stderr}`)
    const open = await runCli(['incident', 'create', '--data', ben.dir, 'Not mine to open', '--team', teamId])
    assert.equal(open.code, 1, `a responder's incident create --team fails (exit 1): ${open.stderr}`)
    assert.match(open.stderr, /admin/)
    const usage = await runCli(['incident', 'create', '--data', ana().dir, 'Loose playbook', '--playbook', 'ransomware'])
    assert.equal(usage.code, 2, `--playbook without --team is wrong usage (exit 2): ${usage.stdout}${usage.stderr}`)
    assert.equal((await incidentsOf(ana())).length, before, 'none of them opened an incident')
    assert.ok(!(await ben.ctl.call('drills', { teamId })).some(d => d.by.peerId === ben.peerId), 'no drill by Ben')
  })
})

// Crash safety (docs/ARCHITECTURE.md, "Security model": "a crash at any point loses no acknowledged entry"). Daemon A runs
// as its own OS process and takes back-to-back writes (sendMessage, timelineAdd) from several
// control-socket clients at once, while member B (an in-process node connected to A) writes too.
// At seeded-random moments A is SIGKILLed, three times. After each restart the store opens (the
// daemon reaches its ready line), every write whose call had returned before the kill is there
// (message ids, timeline ids), and B converges with A to the same digest with no fork reported.
// The seed is printed; LIFEBOAT_TEST_SEED=<seed> replays the kill moments.
import '../../p2p/polyfill.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { LifeboatApi } from '../../p2p/api/types.js'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { TestNet, waitForRoster } from '../support/nodes.js'
import { mulberry32, randomInt, testSeed } from '../support/prng.js'
import { sleep, waitFor } from '../support/wait.js'

const SEED = testSeed()
const rng = mulberry32(SEED)
const seeded = (what: string): string => `${what} [seed ${SEED}; rerun with LIFEBOAT_TEST_SEED=${SEED}]`
console.log(`# reliability-crash seed ${SEED}`)

const KILLS = 3
/** A is killed this long after the writers start (seeded, per kill). */
const KILL_AFTER_MS = { min: 40, max: 2_000 }
const MESSAGE_WRITERS = 2
const TIMELINE_WRITERS = 1

const net = new TestNet()
const clients = new Set<ControlClient>()

async function control (dir: string): Promise<ControlClient> {
  const client = await connectControl(dir)
  clients.add(client)
  return client
}

/** What one run of writers got back before their connection died. */
interface Acked { messages: string[], timeline: string[], failed: number }

/**
 * Starts `MESSAGE_WRITERS + TIMELINE_WRITERS` clients on `dir`, each writing back to back until
 * its connection fails; resolves with every id a call returned.
 */
async function writeUntilKilled (dir: string, incidentId: string, round: number, ready: () => void): Promise<Acked> {
  const acked: Acked = { messages: [], timeline: [], failed: 0 }
  const writers = await Promise.all(Array.from({ length: MESSAGE_WRITERS + TIMELINE_WRITERS }, async () => await control(dir)))
  ready()
  await Promise.all(writers.map(async (client, w) => {
    for (let i = 0; ; i++) {
      try {
        if (w < MESSAGE_WRITERS) {
          acked.messages.push((await client.call('sendMessage', { incidentId, text: `round ${round} writer ${w} #${i}` })).id)
        } else {
          const occurredAt = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString()
          acked.timeline.push((await client.call('timelineAdd', { incidentId, occurredAt, text: `round ${round} event #${i}`, source: 'crash test' })).id)
        }
      } catch {
        acked.failed++ // the call in flight when A died: stored or not, it was never acknowledged
        client.close()
        clients.delete(client)
        return
      }
    }
  }))
  return acked
}

/** The same status digest and entry count on every api; returns the status. */
async function sameDigest (apis: LifeboatApi[], incidentId: string, timeoutMs: number): Promise<{ digest: string, entries: number }> {
  return await waitFor('the same status digest on A and B', async () => {
    const statuses = await Promise.all(apis.map(async api => await api.call('status', { incidentId })))
    const first = statuses[0]
    return first !== undefined && statuses.every(s => s.digest === first.digest && s.entries === first.entries) ? first : undefined
  }, { timeoutMs, intervalMs: 100 })
}

function exitOf (daemon: RunningDaemon): Promise<string> {
  const { proc } = daemon
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(String(proc.signalCode ?? proc.exitCode))
  return new Promise(resolve => proc.once('exit', (code, signal) => resolve(String(signal ?? code))))
}

describe('reliability: SIGKILL under sustained writes', { timeout: 90_000 }, () => {
  after(async () => {
    for (const client of clients) client.close()
    await cleanupCli()
    const problems = await net.stop()
    assert.deepEqual(problems, [], 'every in-process node stopped cleanly')
  })

  test(`${KILLS} kills at seeded moments lose no acknowledged write; the member converges`, async () => {
    const dir = await makeTempDir('lifeboat-crash-')
    const args = [...LOOPBACK_ARGS, '--name', 'Ana']
    let a = await startDaemon(dir, args)
    let ctl = await control(dir)
    const b: LifeboatNode = await net.lifeboat('Bea')
    const { incidentId } = await ctl.call('createIncident', { title: 'Crash drill' })
    const { invite } = await ctl.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    await b.call('join', { invite, timeoutMs: 10_000 })
    await waitForRoster([b], incidentId, [a.peerId, b.peerId])
    await waitFor('A to list B as a member', async () => (await ctl.call('members', { incidentId })).length === 2)

    const ackedMessages = new Set<string>()
    const ackedTimeline = new Set<string>()
    const report: string[] = []
    let bSent = 0

    for (let round = 1; round <= KILLS; round++) {
      const killAfter = KILL_AFTER_MS.min + randomInt(rng, KILL_AFTER_MS.max - KILL_AFTER_MS.min)
      // B writes too, so A has received (not only authored) entries in flight when it dies.
      let bWriting = true
      const bWriter = (async () => {
        while (bWriting) {
          await b.call('sendMessage', { incidentId, text: `B in round ${round} #${bSent++}` })
          await sleep(20)
        }
      })()
      let writersReady!: () => void
      const started = new Promise<void>(resolve => { writersReady = resolve })
      const writing = writeUntilKilled(dir, incidentId, round, writersReady)
      await started
      await sleep(killAfter)
      const exited = exitOf(a)
      a.proc.kill('SIGKILL')
      assert.equal(await exited, 'SIGKILL', 'A died by SIGKILL')
      const acked = await writing
      bWriting = false
      await bWriter
      ctl.close()
      clients.delete(ctl)
      assert.ok(acked.messages.length + acked.timeline.length > 0 || killAfter < 200, seeded(`round ${round}: no write returned in ${killAfter} ms`))
      for (const id of acked.messages) ackedMessages.add(id)
      for (const id of acked.timeline) ackedTimeline.add(id)

      const restartedAt = Date.now()
      a = await startDaemon(dir, args)
      const restartMs = Date.now() - restartedAt
      ctl = await control(dir)
      const messageIds = new Set((await ctl.call('messages', { incidentId, limit: 100_000 })).map(m => m.id))
      const timelineIds = new Set((await ctl.call('timelineList', { incidentId })).map(t => t.id))
      const lostMessages = [...ackedMessages].filter(id => !messageIds.has(id))
      const lostTimeline = [...ackedTimeline].filter(id => !timelineIds.has(id))
      assert.deepEqual(lostMessages, [], seeded(`round ${round}: acknowledged messages missing after the restart`))
      assert.deepEqual(lostTimeline, [], seeded(`round ${round}: acknowledged timeline entries missing after the restart`))
      // A's own log: every acknowledged write is an entry of A's (no hole, so its length bounds them).
      const status = await ctl.call('status', { incidentId })
      const aLog = status.authors[a.peerId] ?? 0
      assert.ok(aLog >= ackedMessages.size + ackedTimeline.size, seeded(`A's log has ${aLog} entries for ${ackedMessages.size + ackedTimeline.size} acknowledged writes`))

      assert.equal(a.stderr().trim(), '', `round ${round}: the restarted daemon complained`)
      const convergeStarted = Date.now()
      const converged = await sameDigest([ctl, b], incidentId, 30_000)
      const convergeMs = Date.now() - convergeStarted
      const [aStats, bStats] = await Promise.all([ctl.call('stats', {}), b.call('stats', {})])
      assert.equal(aStats.forks, 0, seeded(`round ${round}: A reported a fork`))
      assert.equal(bStats.forks, 0, seeded(`round ${round}: B reported a fork (A reused a seq it had published)`))
      const line = `round ${round}: killed ${killAfter} ms into the writes; acked ${acked.messages.length} msgs + ${acked.timeline.length} timeline ` +
        `(${acked.failed} calls in flight); A log ${aLog} (${aLog - ackedMessages.size - ackedTimeline.size} stored but unacked); ` +
        `restart ${restartMs} ms; converged to ${converged.entries} entries in ${convergeMs} ms`
      report.push(line)
      console.log(`# ${line}`)
    }

    // After the crashes A still shuts down cleanly and reopens with everything.
    const digestBefore = (await ctl.call('status', { incidentId })).digest
    ctl.close()
    clients.delete(ctl)
    assert.equal(await a.stop(), 0, 'A exits 0 on SIGTERM after the crashes')
    a = await startDaemon(dir, args)
    ctl = await control(dir)
    assert.equal((await ctl.call('status', { incidentId })).digest, digestBefore, 'a clean restart keeps the same digest')
    const messages = await ctl.call('messages', { incidentId, limit: 100_000 })
    assert.equal(new Set(messages.map(m => m.id)).size, messages.length, 'no message shows twice')
    ctl.close()
    clients.delete(ctl)
    assert.equal(await a.stop(), 0)
    console.log(`# totals: ${ackedMessages.size} acked messages, ${ackedTimeline.size} acked timeline entries, B sent ${bSent}, all present after ${KILLS} SIGKILLs`)
  })
})

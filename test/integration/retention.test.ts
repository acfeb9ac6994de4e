// Retention and legal hold across processes (issue 16): three member daemons chat and keep a
// timeline; a responder cannot set either. Under Ana's legal hold, retention of 0 days deletes
// nothing and Ben's own deletion only hides his message. Lifting the hold deletes the conversation
// content and the file not shared as evidence on every device (the timeline and the evidence
// stay, the plain file's chunks leave the disk), the export says what was purged by whom and still
// verifies, Dee joins afterwards and takes the rest of the logs, and a restarted member stays purged.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChatMessage, FileInfo, IncidentSettingsInfo, TimelineEntry } from '../../p2p/api/types.js'
import type { RecordReport } from '../../p2p/record/record-verify.js'
import { cleanupCli, type CliError, lifeboat, makeTempDir, runCli, startIncident, startMember, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

describe('retention and legal hold across member processes', { timeout: 240_000 }, () => {
  let ana: RunningDaemon, ben: RunningDaemon, cy: RunningDaemon
  let dee: RunningDaemon | undefined
  let incidentId = ''
  const chat = async (d: RunningDaemon): Promise<ChatMessage[]> => (await lifeboat<ChatMessage[]>(d.dir, 'messages', incidentId)).filter(m => m.kind !== 'system')
  const files = async (d: RunningDaemon): Promise<FileInfo[]> => await lifeboat<FileInfo[]>(d.dir, 'file', 'list', incidentId)
  /** Chunk files in a data folder (chunks/xx/<hash>). */
  const chunksIn = async (d: RunningDaemon): Promise<number> => {
    const root = join(d.dir, 'chunks')
    let n = 0
    for (const sub of await readdir(root).catch(() => [])) n += (await readdir(join(root, sub))).filter(f => !f.endsWith('.tmp')).length
    return n
  }
  const settings = async (d: RunningDaemon): Promise<IncidentSettingsInfo> => await lifeboat<IncidentSettingsInfo>(d.dir, 'incident', 'settings', incidentId)

  before(async () => {
    let daemons: RunningDaemon[]
    ;({ daemons, incidentId } = await startIncident('Ransomware at plant 2', ['Ana Costa', 'Ben Okafor', 'Cy Tran']))
    ;[ana, ben, cy] = daemons as [RunningDaemon, RunningDaemon, RunningDaemon]
    await lifeboat(ana.dir, 'send', incidentId, 'Plant 2 is isolated')
    await lifeboat(ben.dir, 'send', incidentId, 'Backups look clean')
    await lifeboat(cy.dir, 'send', incidentId, 'Insurer informed')
    await lifeboat(ana.dir, 'timeline', 'add', incidentId, '--at', '2026-11-30T09:12:00Z', '--text', 'Encryption seen on the file server')
    const tmp = await makeTempDir('lifeboat-retention-files-')
    await writeFile(join(tmp, 'shift-plan.txt'), 'who is on call tonight\n'.repeat(100))
    await writeFile(join(tmp, 'ransom-note.txt'), 'your files are encrypted\n'.repeat(100))
    await lifeboat(ana.dir, 'file', 'add', incidentId, join(tmp, 'shift-plan.txt'))
    await lifeboat(ana.dir, 'file', 'add', incidentId, join(tmp, 'ransom-note.txt'), '--evidence')
    for (const m of [ana, ben, cy]) {
      // Held by all three, as every node knows: Ben's and Cy's custody statements are in the logs.
      const ready = async (): Promise<boolean> => (await chat(m)).length === 3 && (await files(m)).filter(f => f.local && f.holders.length === 3).length === 2
      await waitFor('every message and both files, held by all three, on each node', ready, { timeoutMs: 30_000, intervalMs: 300 })
    }
  })

  after(async () => { await Promise.all([ana, ben, cy, dee].map(async d => await d?.stop())) })

  test('a responder can set neither retention nor a hold', async () => {
    for (const args of [['retention', incidentId, '--days', '0'], ['hold', incidentId, 'on']]) {
      await assert.rejects(lifeboat(ben.dir, ...args), (err: CliError) => err.result.code === 1 && /only admins can change the incident's settings/.test(err.result.stderr))
    }
    const wrong = await runCli(['retention', incidentId, '--data', ana.dir, '--days', '3', '--keep'])
    assert.equal(wrong.code, 2)
    assert.match(wrong.stderr, /give --days N .* or --keep/)
  })

  test('under a legal hold nothing is deleted: retention waits and a deleted message is only hidden', async () => {
    const { hold } = await lifeboat<{ hold: IncidentSettingsInfo['hold'] }>(ana.dir, 'hold', incidentId, 'on')
    assert.equal(hold.on, true)
    assert.equal(hold.setBy?.name, 'Ana Costa')
    const { retention } = await lifeboat<{ retention: IncidentSettingsInfo['retention'] }>(ana.dir, 'retention', incidentId, '--days', '0')
    assert.equal(retention.days, 0)
    assert.equal(retention.purged, 0, 'nothing purged while the hold is on')
    const mine = (await chat(ben)).find(m => m.text === 'Backups look clean')
    await lifeboat(ben.dir, 'delete', incidentId, mine?.id ?? '')
    for (const m of [ana, ben, cy]) {
      await waitFor('the settings and the deletion on each node', async () => {
        const s = await settings(m)
        return s.hold.on && s.retention.days === 0 && (await chat(m)).some(x => x.deleted !== undefined)
      }, { timeoutMs: 30_000, intervalMs: 300 })
      assert.equal((await chat(m)).length, 3, 'all three messages kept, one shown as deleted')
      assert.equal((await settings(m)).retention.purged, 0)
    }
  })

  test('lifting the hold deletes the conversation on every device and keeps the timeline', async () => {
    await lifeboat(ana.dir, 'hold', incidentId, 'off')
    for (const m of [ana, ben, cy]) {
      await waitFor('the chat purged on each node', async () => (await chat(m)).length === 0, { timeoutMs: 30_000, intervalMs: 300 })
      await waitFor('the plain file\'s chunks deleted', async () => await chunksIn(m) === 1, { timeoutMs: 10_000, intervalMs: 200 })
      assert.deepEqual((await files(m)).map(f => [f.name, f.evidence, f.local]), [['ransom-note.txt', true, true]], 'the evidence stays')
      const s = await settings(m)
      assert.equal(s.retention.purged, 7, 'three messages, a deletion, the plain file and two custody statements of it purged on each device')
      const timeline = await lifeboat<TimelineEntry[]>(m.dir, 'timeline', 'list', incidentId)
      assert.deepEqual(timeline.map(t => t.text), ['Encryption seen on the file server'])
    }
    const search = await lifeboat<unknown[]>(cy.dir, 'search', incidentId, 'isolated')
    assert.deepEqual(search, [], 'search forgets purged messages')
    // 0 days would purge every new message at the next hourly run too: Ana sets 30 days now.
    const { retention } = await lifeboat<{ retention: IncidentSettingsInfo['retention'] }>(ana.dir, 'retention', incidentId, '--days', '30')
    assert.deepEqual([retention.days, retention.purged], [30, 7])
    await lifeboat(cy.dir, 'send', incidentId, 'After the purge')
    for (const m of [ana, ben]) await waitFor('a new message after the purge', async () => (await chat(m)).length === 1, { timeoutMs: 30_000, intervalMs: 300 })
  })

  test('the exported record says what was purged, by whom, and still verifies', async () => {
    const out = join(await makeTempDir('lifeboat-retention-'), 'plant2.lbr')
    await lifeboat(ben.dir, 'export', incidentId, '--out', out, '--readable')
    const run = await runCli(['verify', out, '--json'])
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const report = JSON.parse(run.stdout) as RecordReport
    assert.equal(report.purged, 7, 'the purged entries counted')
    assert.ok(report.purges.length >= 1)
    assert.ok(report.purges.every(p => p.name === 'Ana Costa'))
  })

  test('Dee joins after the purge and takes the rest of every log; a restarted member stays purged', async () => {
    dee = await startMember('Dee Park')
    const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incidentId)
    await lifeboat(dee.dir, 'join', invite, '--timeout', '30s')
    await waitFor('Dee has the message written after the purge', async () => (await chat(dee as RunningDaemon)).some(m => m.text === 'After the purge'), { timeoutMs: 30_000, intervalMs: 300 })
    const digest = async (d: RunningDaemon): Promise<string> => (await lifeboat<{ digest: string }>(d.dir, 'status', incidentId)).digest
    await waitFor('Dee holds what Ana holds', async () => await digest(dee as RunningDaemon) === await digest(ana), { timeoutMs: 30_000, intervalMs: 300 })
    assert.equal((await lifeboat<TimelineEntry[]>(dee.dir, 'timeline', 'list', incidentId)).length, 1)
    // Ben's log ends with his purged message and deletion: Dee fills that run in from the purge, so Ana sees her caught up.
    const deeId = (await lifeboat<{ peerId: string }>(dee.dir, 'whoami')).peerId
    await waitFor('Ana sees Dee holding every seq she holds', async () => {
      const { peers } = await lifeboat<{ peers: Array<{ peerId: string, behind: number | null }> }>(ana.dir, 'status', incidentId)
      return peers.find(p => p.peerId === deeId)?.behind === 0
    }, { timeoutMs: 30_000, intervalMs: 300 })
    assert.equal((await settings(dee)).retention.purged, 7, 'Dee filled in the seven purged entries')
    assert.deepEqual((await files(dee)).map(f => f.name), ['ransom-note.txt'])
    await ben.stop()
    ben = await startMember('Ben Okafor', ben.dir)
    assert.deepEqual((await chat(ben)).map(m => m.text), ['After the purge'])
  })
})

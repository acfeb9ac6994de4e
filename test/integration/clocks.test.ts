// Regulatory clocks across processes (issue 17): Ana sets the regimes and records facts; Ben's and
// Cy's nodes show the same clocks, computed on their own from the signed facts; a responder's fact
// is refused; a submission stops a clock and starts the next; `draft` writes a report filled from
// the timeline; bad input is told plainly.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ClockInfo } from '../../p2p/api/types.js'
import { cleanupCli, type CliError, lifeboat, makeTempDir, runCli, startIncident, type RunningDaemon } from '../support/cli.js'
import { waitFor } from '../support/wait.js'

after(cleanupCli)

const AWARE = '2026-11-30T09:12:00Z'
const H = 3_600_000

describe('regulatory clocks across member processes', { timeout: 180_000 }, () => {
  let ana: RunningDaemon, ben: RunningDaemon, cy: RunningDaemon
  let incidentId = ''
  const clocks = async (d: RunningDaemon): Promise<ClockInfo[]> => await lifeboat<ClockInfo[]>(d.dir, 'clocks', incidentId)
  const dues = async (d: RunningDaemon): Promise<string> => JSON.stringify((await clocks(d)).map(c => [c.regime, c.report, c.due, c.status]))

  before(async () => {
    let daemons: RunningDaemon[]
    ;({ daemons, incidentId } = await startIncident('Ransomware at plant 2', ['Ana Costa', 'Ben Okafor', 'Cy Tran']))
    ;[ana, ben, cy] = daemons as [RunningDaemon, RunningDaemon, RunningDaemon]
    await lifeboat(ana.dir, 'timeline', 'add', incidentId, '--at', '2026-11-30T08:40:00Z', '--text', 'Encryption seen on fs01', '--tag', 'fs01')
    await lifeboat(ana.dir, 'timeline', 'add', incidentId, '--at', '2026-11-30T08:55:00Z', '--text', 'C2 beacon to 203.0.113.7', '--tag', 'ioc')
  })

  after(async () => { await Promise.all([ana, ben, cy].map(async d => await d?.stop())) })

  test('facts recorded by Ana give the same clocks on every node', async () => {
    const { regimes } = await lifeboat<{ regimes: string[] }>(ana.dir, 'regime', incidentId, '--set', 'nis2,gdpr,sec')
    assert.deepEqual(regimes, ['nis2', 'gdpr', 'sec'])
    await lifeboat(ana.dir, 'fact', incidentId, 'aware', '--at', AWARE)
    await lifeboat(ana.dir, 'fact', incidentId, 'material', '--at', '2026-11-30T15:00:00Z')
    const mine = await clocks(ana)
    const at = (report: string): number | null => mine.find(c => c.report === report)?.due ?? null
    assert.equal(at('early-warning'), Date.parse(AWARE) + 24 * H)
    assert.equal(at('notification'), Date.parse(AWARE) + 72 * H)
    assert.equal(at('report'), Date.parse(AWARE) + 72 * H, 'GDPR')
    assert.equal(at('8-k'), Date.parse('2026-12-04T22:30:00Z'), 'Mon 30 Nov → Fri 4 Dec, 17:30 New York')
    assert.equal(mine.find(c => c.report === 'final')?.status, 'pending')
    for (const m of [ben, cy]) await waitFor('the same clocks on each node', async () => await dues(m) === await dues(ana), { timeoutMs: 30_000, intervalMs: 300 })
  })

  test('a responder cannot record a fact or set the regimes', async () => {
    for (const args of [['fact', incidentId, 'handled'], ['regime', incidentId, '--set', 'dora']]) {
      await assert.rejects(lifeboat(ben.dir, ...args), (err: CliError) => err.result.code === 1 && /only admins/.test(err.result.stderr))
    }
    const noZone = await runCli(['fact', incidentId, 'aware', '--data', ana.dir, '--at', '2026-11-30T09:12:00'])
    assert.equal(noZone.code, 2)
    assert.match(noZone.stderr, /with its zone/)
    const unknown = await runCli(['fact', incidentId, 'submitted:initial', '--data', ana.dir])
    assert.equal(unknown.code, 2, 'a wrong argument: DORA is not one of the regimes')
    assert.match(unknown.stderr, /no report "initial" in this incident's regimes; one of nis2\/early-warning/)
  })

  test('a submission stops its clock and starts the next, everywhere', async () => {
    await lifeboat(ana.dir, 'fact', incidentId, 'submitted:notification', '--at', '2026-12-02T08:00:00Z')
    for (const m of [ana, ben, cy]) {
      await waitFor('the notification submitted and the final report due', async () => {
        const list = await clocks(m)
        return list.find(c => c.report === 'notification')?.status === 'submitted' && list.find(c => c.report === 'final')?.due === Date.parse('2027-01-02T08:00:00Z')
      }, { timeoutMs: 30_000, intervalMs: 300 })
    }
  })

  test('draft writes a report filled from the timeline, with what it cannot fill marked', async () => {
    const out = join(await makeTempDir('lifeboat-draft-'), 'notification.md')
    const { file } = await lifeboat<{ file: string }>(cy.dir, 'draft', incidentId, '--regime', 'nis2', '--report', 'early-warning', '--out', out)
    const text = await readFile(file, 'utf8')
    for (const line of ['Ransomware at plant 2', 'Encryption seen on fs01', 'C2 beacon to 203.0.113.7', '\\[TO COMPLETE\\] Whether the incident is suspected of being caused by unlawful or malicious acts']) assert.ok(text.includes(line), line)
    const human = await runCli(['draft', incidentId, '--data', cy.dir, '--regime', 'sec', '--report', '8-k'])
    assert.equal(human.code, 0)
    assert.match(human.stdout, /^# Draft: SEC 8-k/)
    const missing = await runCli(['draft', incidentId, '--data', cy.dir, '--regime', 'dora', '--report', 'initial'])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /dora is not one of its regimes/)
  })
})

// The record actions in the incident header (issue 16), in a real Chromium against two real daemons
// in browser mode: Ana (admin, who verified Ben's fingerprint) downloads the incident report as
// HTML from the Report dialog and finds the members with their verification state, the timeline
// entry (its markup escaped), the acknowledged announcement, the shared file's SHA-256 and the
// verification block; then exports the readable record from the Export record dialog, and the
// downloaded file passes verifyRecord here, with the SHA-256 and entry count the dialog showed.
// Both dialogs pass axe-core in every theme.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { verifyRecord } from '../../p2p/record/record-verify.js'
import { makeTempDir } from '../support/cli.js'
import { audit, describeFindings, type Finding } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Ransomware at the depot'
const EVENT = 'fs-02 encrypted <b>ransom note</b>'
const NOTICE = 'Do not use corporate email'

describe('Report and Export record in the incident header (two nodes, browser mode)', { timeout: 120_000 }, () => {
  let members: TwoMembers
  let page: Page
  let fileSha = ''
  const findings: Finding[] = []

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-record', TITLE, { downloads: true })
    page = members.pageA
    const { incidentId, controlA, controlB } = members
    const ben = await controlB.call('whoami', {})
    await controlA.call('verifyMember', { incidentId, peerId: ben.peerId })
    await controlA.call('timelineAdd', { incidentId, occurredAt: '2026-11-22T10:05:00.000Z', text: EVENT, source: 'EDR' })
    const evidence = join(await makeTempDir('lifeboat-record-file-'), 'fw01.pcap')
    const bytes = Buffer.from('capture bytes '.repeat(100))
    fileSha = createHash('sha256').update(bytes).digest('hex')
    await writeFile(evidence, bytes)
    await controlA.call('fileAdd', { incidentId, path: evidence, evidence: true })
    const { id } = await controlA.call('announce', { incidentId, text: NOTICE, ack: true })
    await until('Ben holds the announcement', async () => (await controlB.call('announcements', { incidentId })).some(a => a.id === id))
    await controlB.call('ack', { incidentId, id })
    await until('Ana sees Ben\'s acknowledgement', async () => (await controlA.call('announcements', { incidentId })).some(a => a.id === id && a.responses.length === 1))
  })

  after(async () => { await members?.stop() })

  test('Report downloads an HTML report with members, timeline, announcement, evidence and verification', async () => {
    await page.getByRole('button', { name: 'Report', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Incident report' })
    await dialog.waitFor()
    findings.push(...await audit(page, 'the Report dialog'))
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /^Download HTML/ }).click()])
    assert.equal(download.suggestedFilename(), 'ransomware-at-the-depot-report.html')
    const html = await readFile(await download.path(), 'utf8')
    await dialog.getByRole('status').getByText('ransomware-at-the-depot-report.html').waitFor()
    await page.screenshot({ path: join(ARTIFACTS, 'record-report.png') })
    assert.match(html, /<title>Incident report: Ransomware at the depot<\/title>/)
    assert.match(html, /<td>Ana Costa \(generated the report\)<\/td><td>admin<\/td>/)
    assert.match(html, /<td>Ben Okafor<\/td><td>responder<\/td><td><code>[0-9 ]+<\/code><\/td><td>verified<\/td>/)
    assert.ok(html.includes('<td>2026-11-22 10:05:00 UTC</td><td>fs-02 encrypted &lt;b&gt;ransom note&lt;/b&gt;</td><td>EDR</td>'), 'the timeline entry, escaped')
    assert.ok(!html.includes('<b>ransom'))
    assert.match(html, new RegExp(`${NOTICE}</td><td>yes</td><td>Ben Okafor \\d{4}-`))
    assert.ok(html.includes(`<code>${fileSha}</code>`), 'the shared file\'s SHA-256')
    const verification = html.slice(html.indexOf('>Verification</h2>'))
    assert.match(verification, /<dt>Content digest<\/dt><dd><code>[0-9a-f]{64}<\/code><\/dd>/)
    assert.match(verification, /<dt>Entries<\/dt><dd>\d+<\/dd>/)
    assert.ok(verification.includes(`lifeboat export ${members.incidentId} --out FILE\nlifeboat verify FILE`))
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click()
  })

  test('Export record downloads a readable record that verifies, with the SHA-256 and entries shown', async () => {
    await page.getByRole('button', { name: 'Export record', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Export the incident record' })
    await dialog.waitFor()
    await dialog.getByLabel('Readable (includes keys and contents — anyone with the file can read it)').check()
    findings.push(...await audit(page, 'the Export record dialog'))
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export record' }).click()])
    assert.equal(download.suggestedFilename(), 'ransomware-at-the-depot-record.lbr')
    const path = await download.path()
    const status = dialog.getByRole('status')
    await status.getByText('lifeboat verify ransomware-at-the-depot-record.lbr').waitFor()
    findings.push(...await audit(page, 'the exported record'))
    await page.screenshot({ path: join(ARTIFACTS, 'record-export.png') })
    const shown = await status.textContent() ?? ''
    const sha = createHash('sha256').update(await readFile(path)).digest('hex')
    assert.ok(shown.includes(sha), `the dialog shows the file's SHA-256: ${shown}`)
    const report = await verifyRecord(createReadStream(path))
    assert.deepEqual(report.problems, [])
    assert.equal(report.ok, true)
    assert.equal(report.readable, true)
    assert.equal(report.title, TITLE)
    assert.match(shown, new RegExp(`Saved ransomware-at-the-depot-record\\.lbr: ${report.entries} entries`))
    assert.ok(report.checkpoints.some(c => c.name === 'Ana Costa'), 'the export checkpointed first')
    await dialog.getByRole('button', { name: 'Done' }).click()
  })

  test('the header keeps every action on screen at 900×700', async () => {
    await page.setViewportSize({ width: 900, height: 700 })
    for (const name of ['Search', 'Report', 'Export record', 'Invite']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox()
      assert.ok(box !== null && box.x >= 0 && box.x + box.width <= 900, `${name} is on screen: ${JSON.stringify(box)}`)
    }
    assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), true)
    await page.screenshot({ path: join(ARTIFACTS, 'record-header-900.png') })
  })

  test('the dialogs pass axe-core in every theme', () => {
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})

// Announcements in the responder UI (issue 13), in a real Chromium against two real daemons in
// browser mode: Ana (admin) writes an urgent roll call on the Announcements tab; Ben's page shows
// it as an alert above every tab until he answers there; Ana's tracker then shows Ben's answer,
// and both screens pass axe-core. Screenshots go to test-artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon } from '../support/cli.js'
import { audit, describeFindings } from './a11y-support.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Ransomware at plant 3'

describe('announcements in the UI (two nodes, browser mode)', { timeout: 180_000 }, () => {
  let browser: Browser
  let controlA: ControlClient, controlB: ControlClient
  let uiA: UiProcess, uiB: UiProcess
  let pageA: Page, pageB: Page
  let incidentId = ''

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
    await mkdir(ARTIFACTS, { recursive: true })
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-announce-a-'), makeTempDir('lifeboat-announce-b-')])
    await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ;[controlA, controlB] = await Promise.all([connectControl(dirA), connectControl(dirB)])
    ;({ incidentId } = await controlA.call('createIncident', { title: TITLE }))
    const { invite } = await controlA.call('createInvite', { incidentId, role: 'responder', expiresInMs: 600_000, uses: 1 })
    await controlB.call('join', { invite })
    ;[uiA, uiB] = await Promise.all([startUi(dirA), startUi(dirB)])
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    // bypassCSP: only so the axe-core script can be injected for the audit.
    const context = { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true }
    ;[pageA, pageB] = await Promise.all([(await browser.newContext(context)).newPage(), (await browser.newContext(context)).newPage()])
    for (const [who, page] of [['A', pageA], ['B', pageB]] as const) {
      page.on('pageerror', err => { process.stderr.write(`page ${who} error: ${err.message}\n`) })
      await page.goto(who === 'A' ? uiA.url : uiB.url)
      await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    }
  })

  after(async () => {
    controlA?.close()
    controlB?.close()
    await browser?.close().catch(() => undefined)
    await Promise.all([uiA?.stop(), uiB?.stop()]).catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  test('Ana sends an urgent roll call; Ben\'s page shows it above every tab until he answers; Ana\'s tracker shows his answer', async () => {
    await pageA.getByRole('tab', { name: 'Announcements' }).click()
    await pageA.getByLabel('Announcement to every member').fill('Roll call: are you safe? Answer here, not by phone.')
    await pageA.getByLabel('Urgent').check()
    await pageA.getByLabel('Roll call answers (comma-separated, optional)').fill('safe, need-help, unavailable')
    await pageA.getByRole('button', { name: 'Send announcement' }).click()
    await pageA.getByText('Announcement sent to every member').waitFor()

    const banner = pageB.getByRole('alert').filter({ hasText: 'Urgent announcement from Ana Costa' })
    await banner.waitFor({ timeout: 20_000 })
    assert.match(await banner.textContent() ?? '', /Roll call: are you safe\?/)
    await pageB.getByRole('tab', { name: 'Tasks' }).click()
    assert.ok(await banner.isVisible(), 'it stays above the other tabs')
    await pageB.screenshot({ path: join(ARTIFACTS, 'announce-banner.png') })
    const bannerFindings = await audit(pageB, 'the announcement banner')
    await banner.getByRole('button', { name: 'safe', exact: true }).click()
    await until('the banner gone once answered', async () => await banner.count() === 0)

    const row = pageA.getByRole('table', { name: /Who has: Roll call/ }).getByRole('row', { name: /Ben Okafor/ })
    await until('Ben\'s answer in Ana\'s tracker', async () => /Acknowledged\s*safe/.test(await row.textContent() ?? ''))
    assert.match(await pageA.locator('.tracker-counts').first().textContent() ?? '', /^1 of 1 acknowledged · 1 device has it · 0 pending · 1 safe, 0 need-help, 0 unavailable$/)
    await pageA.screenshot({ path: join(ARTIFACTS, 'announce-tracker.png') })
    const findings = [...bannerFindings, ...await audit(pageA, 'the Announcements tab of an admin')]
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})

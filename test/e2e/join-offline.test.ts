// Joining while the inviter is offline (issue 11, item 3), in a real Chromium against real
// daemons: Ana invites and goes offline; Ben pastes her link. The join screen says within a few
// seconds, in plain words, that her device cannot be reached (never a socket error); "Keep
// trying" closes the dialog, the sidebar lists the join, and once Ana is back Ben is in the
// incident with a toast saying so.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Outage at the water plant'
const ANA_ARGS = [...LOOPBACK_ARGS, '--name', 'Ana Costa']

describe('joining while the inviter is offline (UI)', { timeout: 180_000 }, () => {
  let browser: Browser
  let ana: RunningDaemon, ben: RunningDaemon
  let ui: UiProcess
  let page: Page
  let invite: string
  let incidentId: string

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
    await mkdir(ARTIFACTS, { recursive: true })
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-jo-a-'), makeTempDir('lifeboat-jo-b-')])
    ;[ana, ben] = await Promise.all([startDaemon(dirA, ANA_ARGS), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(ana.dir, 'incident', 'create', TITLE))
    ;({ invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incidentId))
    assert.equal(await ana.stop(), 0)
    ui = await startUi(dirB)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.on('pageerror', err => { process.stderr.write(`page error: ${err.message}\n`) })
  })

  after(async () => {
    if (page !== undefined) await page.screenshot({ path: join(ARTIFACTS, 'join-offline-last.png') }).catch(() => undefined)
    await browser?.close().catch(() => undefined)
    await ui?.stop().catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  test('the join screen says within seconds that the inviter cannot be reached', async () => {
    await page.goto(ui.url)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Join with a link' }).first().click()
    await page.getByLabel('Invite link', { exact: true }).fill(invite)
    const started = Date.now()
    await page.getByRole('button', { name: 'Join', exact: true }).click()
    const alert = page.locator('.join-failure[role="alert"]')
    await alert.waitFor({ timeout: 8_000 })
    const tookMs = Date.now() - started
    const text = (await alert.textContent()) ?? ''
    console.log(`# join screen answered after ${tookMs} ms: ${text}`)
    assert.ok(tookMs < 6_000, `took ${tookMs} ms`)
    assert.match(text, /Cannot reach the inviter right now/)
    assert.match(text, /The inviter's device cannot be reached at 127\.0\.0\.1:\d+ right now\. It may be offline or on another network\./)
    assert.doesNotMatch(text, /ECONN|up to a minute/)
    await page.screenshot({ path: join(ARTIFACTS, 'join-offline-unreachable.png') })
  })

  test('"Keep trying" joins in the background once the inviter is back', async () => {
    await page.getByRole('button', { name: 'Keep trying' }).click()
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 })
    const pending = page.locator('.pending-join', { hasText: TITLE })
    await pending.waitFor({ timeout: 5_000 })
    assert.ok(await page.getByRole('button', { name: `Stop trying to join ${TITLE}` }).isVisible())
    await page.screenshot({ path: join(ARTIFACTS, 'join-offline-pending.png') })
    ana = await startDaemon(ana.dir, ANA_ARGS)
    await page.locator('.toast', { hasText: `Joined “${TITLE}”` }).waitFor({ timeout: 60_000 })
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor({ timeout: 10_000 })
    await pending.waitFor({ state: 'detached', timeout: 5_000 })
    const members = await lifeboat<Array<{ name: string }>>(ana.dir, 'members', incidentId)
    assert.deepEqual(members.map(m => m.name).sort(), ['Ana Costa', 'Ben Okafor'])
  })

  test('both daemons stop cleanly', async () => {
    await ui.stop()
    assert.deepEqual(await Promise.all([ana.stop(), ben.stop()]), [0, 0])
  })
})

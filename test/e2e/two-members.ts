// Two members in real Chromium pages: Ana (admin) and Ben (responder), each a daemon with its own
// browser-mode server, both in one incident, both pages open on it. For e2e tests of what one
// member does and the other sees.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon } from '../support/cli.js'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'

export interface TwoMembers {
  incidentId: string
  controlA: ControlClient
  controlB: ControlClient
  pageA: Page
  pageB: Page
  stop: () => Promise<void>
}

/** `prefix` names the data folders; `downloads`: the pages may save files. */
export async function twoMembers (prefix: string, title: string, { downloads = false } = {}): Promise<TwoMembers> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
  const [dirA, dirB] = await Promise.all([makeTempDir(`${prefix}-a-`), makeTempDir(`${prefix}-b-`)])
  await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
  const [controlA, controlB] = await Promise.all([connectControl(dirA), connectControl(dirB)])
  const running: { browser?: Browser, uis: UiProcess[] } = { uis: [] }
  const stop = async (): Promise<void> => {
    controlA.close()
    controlB.close()
    await running.browser?.close().catch(() => undefined)
    await Promise.all(running.uis.map(async ui => await ui.stop())).catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  }
  const { incidentId } = await controlA.call('createIncident', { title })
  const { invite } = await controlA.call('createInvite', { incidentId, role: 'responder', expiresInMs: 600_000, uses: 1 })
  await controlB.call('join', { invite })
  running.uis = await Promise.all([startUi(dirA), startUi(dirB)])
  const browser = running.browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  // bypassCSP: only so the axe-core script can be injected for the audit.
  const context = { viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true, acceptDownloads: downloads }
  const pages = await Promise.all([(await browser.newContext(context)).newPage(), (await browser.newContext(context)).newPage()])
  for (const [i, page] of pages.entries()) {
    page.on('pageerror', err => { process.stderr.write(`page ${i === 0 ? 'A' : 'B'} error: ${err.message}\n`) })
    await page.goto(running.uis[i]?.url ?? '')
    await page.getByRole('heading', { name: title, level: 1 }).waitFor()
  }
  return { incidentId, controlA, controlB, pageA: pages[0] as Page, pageB: pages[1] as Page, stop }
}

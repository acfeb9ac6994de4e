// A third member beside twoMembers(): its own daemon, `lifeboat ui` server and page (in the same
// browser), joined to the incident by the admin's invite. twoMembers' stop() ends all of it (it
// stops every daemon and ui server the test started, and the browser); close `control` first.
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { LOOPBACK_ARGS, makeTempDir, startDaemon } from '../support/cli.js'
import type { TwoMembers } from './two-members.js'
import { startUi } from './ui-servers.js'

export async function thirdMember (members: TwoMembers, prefix: string, name: string, title: string): Promise<{ page: Page, control: ControlClient }> {
  const dir = await makeTempDir(`${prefix}-c-`)
  await startDaemon(dir, [...LOOPBACK_ARGS, '--name', name])
  const control = await connectControl(dir)
  const { invite } = await members.controlA.call('createInvite', { incidentId: members.incidentId, role: 'responder', expiresInMs: 600_000, uses: 1 })
  await control.call('join', { invite })
  const ui = await startUi(dir)
  const browser = members.pageA.context().browser()
  assert.ok(browser !== null)
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true })).newPage()
  page.on('pageerror', err => { process.stderr.write(`page C error: ${err.message}\n`) })
  await page.goto(ui.url)
  await page.getByRole('heading', { name: title, level: 1 }).waitFor()
  return { page, control }
}

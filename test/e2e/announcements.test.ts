// Announcements in the responder UI (issue 13), in a real Chromium against two real daemons in
// browser mode: Ana (admin) writes an urgent roll call on the Announcements tab; Ben's page shows
// it as an alert above every tab until he answers there; Ana's tracker then shows Ben's answer,
// and both screens pass axe-core; Ana reminds Ben of a later one and his banner says so. Screenshots go to test-artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { audit, describeFindings } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Ransomware at plant 3'

describe('announcements in the UI (two nodes, browser mode)', { timeout: 180_000 }, () => {
  let members: TwoMembers
  let pageA: Page, pageB: Page

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-announce', TITLE)
    ;({ pageA, pageB } = members)
  })

  after(async () => { await members?.stop() })

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

  test('Ana reminds the member still pending; Ben\'s banner says it is a reminder', async () => {
    await members.controlA.call('announce', { incidentId: members.incidentId, text: 'Confirm you have read the comms plan', ack: true })
    await pageB.getByRole('status').filter({ hasText: 'Announcement from Ana Costa' }).waitFor({ timeout: 20_000 })
    await pageA.getByRole('button', { name: 'Remind the 1 pending member' }).click()
    await pageA.getByText('Reminder sent to 1 pending member').waitFor()
    await pageB.getByRole('status').filter({ hasText: 'Reminder: please answer the announcement from Ana Costa' }).waitFor({ timeout: 20_000 })
  })
})

// Retention and legal hold in the UI (issue 16), in a real Chromium against two real daemons in
// browser mode: Ana (admin) and Ben (responder) each post in the chat; Ben's Evidence tab says the
// rule in words, with no way to change it; Ana puts the legal hold on (Ben's page shows the
// notice), sets retention to 0 days (asked first; Cancel changes nothing) and the messages stay
// while the hold is on; Ana lifts the hold (asked first) and the messages disappear from both open
// chats while the timeline is untouched. The Evidence tab and the dialogs pass axe-core.
// Screenshots go to test-artifacts/retention*.png.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Locator, Page } from 'playwright-core'
import { audit, describeFindings, type Finding } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Data theft at the clinic'
const FROM_ANA = 'Counsel asks us to keep every message for now.'
const FROM_BEN = 'Disabled the vendor VPN account at 09:40.'
const EVENT = 'Vendor VPN account used from an unknown address'
const SELECT = 'Retention of conversations and files'
const HOLD_NOTICE = 'Legal hold on: nothing is deleted (put on by Ana Costa).'

const composer = (page: Page): Locator => page.getByRole('combobox', { name: `Message to ${TITLE}` })
// The stored message, not the outbox copy shown while it is being stored (both exist for a moment).
const message = (page: Page, text: string): Locator => page.locator('article.message:not(.is-pending)').filter({ has: page.locator('.message-text', { hasText: text }) })
const tab = async (page: Page, name: string): Promise<void> => { await page.getByRole('tab', { name }).click() }
const rule = async (page: Page): Promise<string> => await page.locator('.retention-rule').textContent() ?? ''
const holdButton = (page: Page): Locator => page.getByRole('button', { name: 'Legal hold', exact: true })

describe('retention and legal hold in the UI (two nodes, browser mode)', { timeout: 180_000 }, () => {
  let members: TwoMembers
  let pageA: Page, pageB: Page
  let incidentId = ''
  const findings: Finding[] = []

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-retention', TITLE)
    ;({ pageA, pageB, incidentId } = members)
    await members.controlA.call('timelineAdd', { incidentId, occurredAt: '2026-05-04T09:12:00.000Z', text: EVENT, source: 'VPN' })
    await until('the timeline entry on Ben\'s node', async () => (await members.controlB.call('timelineList', { incidentId })).some(e => e.text === EVENT))
  })

  after(async () => { await members?.stop() })

  test('both members post; Ben, a responder, sees the rule in words with no select and no hold button', async () => {
    await composer(pageA).fill(FROM_ANA)
    await composer(pageA).press('Enter')
    await composer(pageB).fill(FROM_BEN)
    await composer(pageB).press('Enter')
    for (const page of [pageA, pageB]) {
      for (const text of [FROM_ANA, FROM_BEN]) await message(page, text).waitFor({ timeout: 30_000 })
    }
    await tab(pageB, 'Evidence')
    await until('Ben\'s page to say the rule', async () => await rule(pageB) === 'Conversation content and files are kept (the default).')
    assert.equal(await pageB.getByLabel(SELECT).count(), 0, 'a responder cannot change the retention')
    assert.equal(await holdButton(pageB).count(), 0, 'nor put on a legal hold')
  })

  test('Ana puts the legal hold on; Ben\'s page shows the notice', async () => {
    await tab(pageA, 'Evidence')
    assert.equal(await holdButton(pageA).getAttribute('aria-pressed'), 'false')
    await holdButton(pageA).click()
    await pageA.getByText('Legal hold on: nothing is deleted', { exact: true }).waitFor()
    await until('the button pressed', async () => await holdButton(pageA).getAttribute('aria-pressed') === 'true')
    const noticeB = pageB.locator('.retention-hold')
    await noticeB.waitFor({ timeout: 30_000 })
    assert.equal(await noticeB.textContent(), HOLD_NOTICE)
    assert.equal(await noticeB.getAttribute('role'), 'status')
    assert.equal(await pageA.locator('.retention-hold').textContent(), HOLD_NOTICE)
  })

  test('Ana sets retention to 0 days (asked first); the messages stay while the hold is on', async () => {
    const select = pageA.getByLabel(SELECT)
    assert.equal(await select.inputValue(), 'keep')
    await select.selectOption({ label: '0 days (delete now)' })
    const dialog = pageA.getByRole('dialog', { name: 'Delete conversations and files?' })
    await dialog.waitFor()
    assert.match(await dialog.textContent() ?? '', /Chat and private messages and files not shared as evidence will be deleted on every member's device, messages with their edits, reactions and pins\. Nothing is deleted while the legal hold is on\./)
    findings.push(...await audit(pageA, 'the retention confirmation'))
    await pageA.screenshot({ path: join(ARTIFACTS, 'retention-confirm.png') })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    assert.equal(await select.inputValue(), 'keep', 'Cancel changes nothing')
    assert.equal((await members.controlA.call('incidentSettings', { incidentId })).retention.days, null)

    await select.selectOption({ label: '0 days (delete now)' })
    await dialog.getByRole('button', { name: 'Set 0 days' }).click()
    await pageA.getByText('Retention set to 0 days (waiting for the legal hold)', { exact: true }).waitFor()
    await until('the select to show 0 days', async () => await select.inputValue() === '0')
    await until('Ben\'s page to say the new rule', async () =>
      await rule(pageB) === 'Chat and private messages and files not shared as evidence are deleted on every member\'s device (set by Ana Costa); the timeline, notes, tasks, evidence and announcements are kept.')
    await pageA.screenshot({ path: join(ARTIFACTS, 'retention.png') })
    await pageB.screenshot({ path: join(ARTIFACTS, 'retention-responder.png') })
    findings.push(...await audit(pageA, 'the Evidence tab of an admin, hold on'))
    findings.push(...await audit(pageB, 'the Evidence tab of a responder, hold on'))

    await new Promise(resolve => setTimeout(resolve, 1500))
    for (const page of [pageA, pageB]) {
      await tab(page, 'Chat')
      for (const text of [FROM_ANA, FROM_BEN]) await message(page, text).waitFor({ timeout: 10_000 })
    }
    const texts = (await members.controlB.call('messages', { incidentId })).map(m => m.text)
    assert.ok(texts.includes(FROM_ANA) && texts.includes(FROM_BEN), 'nothing deleted on Ben\'s device while the hold is on')
  })

  test('Ana lifts the hold (asked first): the messages disappear from both chats; the timeline is untouched', async () => {
    // Ben keeps the chat open: it must empty on the node's `retention` event.
    await tab(pageA, 'Evidence')
    await holdButton(pageA).click()
    const dialog = pageA.getByRole('dialog', { name: 'Lift the legal hold?' })
    await dialog.getByRole('button', { name: 'Lift the hold' }).click()
    await pageA.getByText('Legal hold lifted', { exact: true }).waitFor()
    await until('the button released', async () => await holdButton(pageA).getAttribute('aria-pressed') === 'false')
    assert.equal(await pageA.locator('.retention-hold').count(), 0)

    await until('the messages gone from Ben\'s open chat', async () =>
      await message(pageB, FROM_ANA).count() === 0 && await message(pageB, FROM_BEN).count() === 0, 30_000)
    await tab(pageA, 'Chat')
    await until('the messages gone from Ana\'s chat', async () =>
      await message(pageA, FROM_ANA).count() === 0 && await message(pageA, FROM_BEN).count() === 0)
    for (const control of [members.controlA, members.controlB]) {
      assert.deepEqual((await control.call('messages', { incidentId })).filter(m => m.kind !== 'system').map(m => m.text), [])
      assert.ok((await control.call('timelineList', { incidentId })).some(e => e.text === EVENT), 'the timeline is kept')
    }
    await tab(pageB, 'Timeline')
    await pageB.getByText(EVENT).waitFor()
    await tab(pageB, 'Evidence')
    assert.equal(await pageB.locator('.retention-hold').count(), 0, 'no hold notice once lifted')
    await until('Ben\'s page to count the purged entries', async () => /\d+ entr(y|ies) purged on this device so far\.$/.test(await rule(pageB)))
    await tab(pageA, 'Evidence')
    findings.push(...await audit(pageA, 'the Evidence tab of an admin, hold lifted'))
  })

  test('the Evidence tab and the dialogs pass axe-core in every theme', () => {
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})

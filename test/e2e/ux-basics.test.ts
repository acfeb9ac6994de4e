// The responder UI's everyday behaviour (issue 11), in a real Chromium against two real daemons:
// a half-written message survives switching tabs and a reload; focus lands in the message box
// after creating an incident and after Escape closes an edit; a name chosen from the @ list goes
// where the caret was; the header and the Members tab say the same thing about who is online;
// the task form clears its assignee after adding; an edit of another member's timeline entry
// shows who edited it and what changed; when the node cannot be reached, the network switch does
// not claim "Online".
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { DEFAULT_INVITE_EXPIRY_MS } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'

const TITLE = 'BEC at finance'

/** The accessible name of the element that has focus. */
async function focused (page: Page): Promise<string> {
  return await page.evaluate('document.activeElement === document.body ? "body" : (document.activeElement.getAttribute("aria-label") ?? document.activeElement.tagName)') as string
}

describe('everyday UI behaviour', { timeout: 240_000 }, () => {
  let browser: Browser
  let ana: RunningDaemon, ben: RunningDaemon
  let ui: UiProcess
  let page: Page

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-ux-a-'), makeTempDir('lifeboat-ux-b-')])
    ;[ana, ben] = await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ui = await startUi(dirA)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.on('pageerror', err => { process.stderr.write(`page error: ${err.message}\n`) })
  })

  after(async () => {
    await browser?.close().catch(() => undefined)
    await ui?.stop().catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  const composer = (): ReturnType<Page['getByLabel']> => page.getByLabel(`Message to ${TITLE}`)

  test('creating an incident puts the cursor in its message box', async () => {
    await page.goto(ui.url)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'New incident' }).first().click()
    await page.getByLabel('Title').fill(TITLE)
    await page.getByRole('button', { name: 'Create incident' }).click()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await until('focus in the message box', async () => await focused(page) === `Message to ${TITLE}`)
  })

  test('a half-written message survives another tab and a reload', async () => {
    const draft = 'Wire to the new IBAN was stopped at 09:40; bank case number'
    await composer().fill(draft)
    await page.getByRole('tab', { name: 'Timeline' }).click()
    await page.getByRole('tab', { name: 'Chat' }).click()
    assert.equal(await composer().inputValue(), draft, 'after switching tabs')
    await new Promise(resolve => setTimeout(resolve, 600)) // the draft is saved a moment after typing stops
    await page.reload()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await until('the draft back after a reload', async () => await composer().inputValue() === draft)
    await composer().press('Enter')
    await page.locator('.message-text', { hasText: 'bank case number' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await new Promise(resolve => setTimeout(resolve, 500))
    assert.equal(await composer().inputValue(), '', 'a sent message is no draft')
  })

  test('Escape on an edit gives the focus back to the message box', async () => {
    await composer().press('ArrowUp')
    const edit = page.getByRole('textbox', { name: 'Edit message' })
    await edit.waitFor()
    await edit.press('Escape')
    await until('focus in the message box', async () => await focused(page) === `Message to ${TITLE}`)
  })

  test('an edited message keeps its earlier text; a deleted one leaves a placeholder', async () => {
    await composer().press('ArrowUp')
    const edit = page.getByRole('textbox', { name: 'Edit message' })
    await edit.fill('Wire to the new IBAN was stopped at 09:40; bank case 4471')
    await edit.press('Enter')
    const message = page.locator('.message', { hasText: 'bank case 4471' })
    await message.locator('details.edited-tag summary').click()
    assert.match(await message.getByRole('list', { name: 'Earlier versions' }).textContent() ?? '', /bank case number/)
    await message.hover()
    await message.getByRole('button', { name: 'Delete message' }).click()
    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    await page.locator('.message-deleted', { hasText: 'message deleted by Ana Costa at' }).waitFor()
    assert.equal(await page.locator('.message-text', { hasText: 'bank case' }).count(), 0, 'the text is gone from the chat')
  })

  test('the invite dialog starts from the same expiry as the CLI', async () => {
    await page.getByRole('button', { name: 'Invite', exact: true }).click()
    assert.equal(await page.getByLabel('Link expires after').inputValue(), String(DEFAULT_INVITE_EXPIRY_MS))
    await page.getByRole('button', { name: 'Close' }).click()
  })

  test('the header and the Members tab say the same about who is online', async () => {
    const [incident] = await lifeboat<Array<{ incidentId: string }>>(ana.dir, 'incident', 'list')
    const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incident?.incidentId as string)
    await lifeboat(ben.dir, 'join', invite)
    const header = page.locator('.incident-sub')
    await until('Ben counted in the header', async () => (await header.textContent() ?? '').includes('2 members · 1 other online'), 30_000)
    await page.getByRole('tab', { name: 'Members' }).click()
    await until('the same line in Members', async () => (await page.locator('.members .toolbar').textContent() ?? '').includes('2 members · 1 other online'))
  })

  test('a name chosen from the @ list goes where the caret was, and typing goes on after it', async () => {
    await page.getByRole('tab', { name: 'Chat' }).click()
    await composer().fill('can you call the bank?')
    await composer().press('Home')
    await page.keyboard.type('@Be')
    await page.getByRole('option', { name: '@Ben Okafor' }).waitFor()
    // A busy machine: the next frame comes 300 ms late, and the next keys follow the choice at once.
    await page.evaluate('window.realFrame = window.requestAnimationFrame; window.requestAnimationFrame = cb => window.realFrame(() => setTimeout(cb, 300))')
    try {
      await composer().press('Tab')
      await page.keyboard.type('please ')
      assert.equal(await composer().inputValue(), '@Ben Okafor please can you call the bank?')
    } finally {
      await page.evaluate('window.requestAnimationFrame = window.realFrame')
    }
    await composer().fill('')
  })

  test('the task form clears the assignee with the other fields', async () => {
    await page.getByRole('tab', { name: 'Tasks' }).click()
    await page.getByPlaceholder(/New task/).fill('Call the bank about the recall')
    await page.getByLabel('Assign to').selectOption({ label: 'Ben Okafor' })
    await page.getByRole('button', { name: 'Add task' }).click()
    await page.locator('.task-title', { hasText: 'Call the bank' }).waitFor()
    assert.equal(await page.getByLabel('Assign to').inputValue(), '', 'the next task starts unassigned')
  })

  test('an edit of another member\'s timeline entry shows who edited it and what changed', async () => {
    const [incident] = await lifeboat<Array<{ incidentId: string }>>(ana.dir, 'incident', 'list')
    const incidentId = incident?.incidentId as string
    const { id } = await lifeboat<{ id: string }>(ben.dir, 'timeline', 'add', incidentId, '--at', '2026-11-30T09:40:00Z', '--text', 'Wire recalled')
    await until('Ben\'s entry on Ana\'s node', async () => (await lifeboat<Array<{ id: string }>>(ana.dir, 'timeline', 'list', incidentId)).some(e => e.id === id))
    await lifeboat(ana.dir, 'timeline', 'edit', incidentId, id, '--text', 'Wire recalled by the bank at 09:40')
    await page.getByRole('tab', { name: 'Timeline' }).click()
    const history = page.locator('.edit-history', { hasText: 'edited by Ana Costa' })
    await history.waitFor()
    await history.locator('summary').click()
    assert.match(await history.getByRole('list', { name: 'Edit history' }).textContent() ?? '', /Ana Costa:.*text “Wire recalled” → “Wire recalled by the bank at 09:40”/)
  })

  test('a healthy set-up shows no refused input; routine network events are kept apart', async () => {
    await page.getByRole('tab', { name: 'Connection' }).click()
    await page.getByText('No refused input').waitFor()
    assert.equal(await page.getByText(/inputs? refused/).count(), 0)
  })

  test('without the node, the switch says so instead of "Online"', async () => {
    const netSwitch = page.locator('.topbar .net-switch')
    assert.match(await netSwitch.textContent() ?? '', /Online/)
    await ana.stop()
    await until('the link banner', async () => await page.getByText('Cannot reach the Lifeboat node on this computer').isVisible(), 30_000)
    assert.match(await netSwitch.textContent() ?? '', /Node unreachable/)
  })
})

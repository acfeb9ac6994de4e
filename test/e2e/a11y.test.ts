// Accessibility and layout of the responder UI (issue 11), in a real Chromium against two real
// daemons: axe-core on every screen (first run, empty state, the six tabs of an incident with a
// second member online, the sidebar with an unread badge, offline, and the new incident, invite,
// join, device and shortcuts dialogs), each in the light, dark and high-contrast themes, must
// report no critical or serious finding. At 900×700 and 1280×800 the top bar never scrolls away
// and the page never scrolls to a blank screen (the Connection tab scrolls inside its panel), and
// the Tasks board's columns never overlap cards. Screenshots go to test-artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { audit, boardOverlaps, describeFindings, pageScroll, resetScroll, scrollsInside, type Finding } from './a11y-support.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Ransomware at plant 3'
const OTHER = 'Phishing wave in finance'
const SIZES = [{ width: 900, height: 700 }, { width: 1280, height: 800 }]

describe('accessibility and layout of the responder UI', { timeout: 180_000 }, () => {
  let browser: Browser
  let ben: RunningDaemon
  let controlA: ControlClient, controlB: ControlClient
  let ui: UiProcess
  let page: Page
  let incidentId = ''

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
    await mkdir(ARTIFACTS, { recursive: true })
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-a11y-a-'), makeTempDir('lifeboat-a11y-b-')])
    ;[, ben] = await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ;[controlA, controlB] = await Promise.all([connectControl(dirA), connectControl(dirB)])
    ui = await startUi(dirA)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    // bypassCSP: the page's policy (script-src 'self') would refuse the injected axe-core script.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true })).newPage()
    page.on('pageerror', err => { process.stderr.write(`page error: ${err.message}\n`) })
  })

  after(async () => {
    controlA?.close()
    controlB?.close()
    await browser?.close().catch(() => undefined)
    await ui?.stop().catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  /** Audits the screen as it is now and collects what axe finds (asserted at the end of each test). */
  const findings: Finding[] = []
  const check = async (screen: string): Promise<void> => { findings.push(...await audit(page, screen)) }
  const assertClean = (): void => {
    const found = findings.splice(0)
    assert.equal(found.length, 0, `axe-core found ${found.length} critical or serious problem(s):\n${describeFindings(found)}`)
  }
  const dialogScreen = async (open: () => Promise<void>, name: string): Promise<void> => {
    await open()
    await page.getByRole('dialog').waitFor()
    await check(`the ${name} dialog`)
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
  }

  test('first run, the empty state and the dialogs reached from them', async () => {
    await page.goto(ui.url)
    await page.getByRole('heading', { name: 'Welcome to Lifeboat' }).waitFor()
    await check('first run')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'No incident on this device yet' }).waitFor()
    await check('empty state')
    await dialogScreen(async () => { await page.getByRole('button', { name: 'Keyboard shortcuts' }).click() }, 'keyboard shortcuts')
    await dialogScreen(async () => { await page.getByRole('button', { name: /Ana Costa/ }).click() }, 'your device')
    await dialogScreen(async () => { await page.getByRole('button', { name: 'Join with a link' }).first().click() }, 'join')
    await page.getByRole('button', { name: 'New incident' }).first().click()
    await page.getByLabel('Title').fill(TITLE)
    await check('the new incident dialog')
    await page.getByRole('button', { name: 'Create incident' }).click()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    assertClean()
  })

  test('every tab of an incident with a second member, the invite dialog, unread and offline', async () => {
    incidentId = (await controlA.call('listIncidents', {}))[0]?.incidentId ?? ''
    const { invite } = await controlA.call('createInvite', { incidentId, role: 'responder', expiresInMs: 600_000, uses: 1 })
    await controlB.call('join', { invite })
    await controlA.call('createIncident', { title: OTHER })
    const first = await controlA.call('sendMessage', { incidentId, text: 'Isolated VLAN 40, imaging fs-02 now.' })
    const reply = await controlB.call('sendMessage', { incidentId, text: '@Ana Costa confirmed: hashes go to the evidence locker.' })
    await controlA.call('editMessage', { incidentId, id: first.id, text: 'Isolated VLAN 40 and 41, imaging fs-02 now.' })
    const holds = async (control: ControlClient, id: string): Promise<boolean> => (await control.call('messages', { incidentId })).some(m => m.id === id)
    await until('each message on the other node', async () => await holds(controlA, reply.id) && await holds(controlB, first.id), 30_000)
    await controlA.call('react', { incidentId, id: reply.id, emoji: '👍', on: true })
    await controlB.call('react', { incidentId, id: first.id, emoji: '👀', on: true })
    await controlB.call('timelineAdd', { incidentId, occurredAt: '2026-11-22T14:05:00Z', text: 'Ransom note found on fs-02 by the helpdesk', source: 'Helpdesk call', tags: ['malware', 'fs-02'] })
    await controlA.call('noteAppend', { incidentId, name: 'Scope', text: 'VLAN 40 isolated, fs-02 imaged.' })
    const tasks = [
      ['Image fs-02 and hash the disk, then copy the image to the evidence locker', 'open'],
      ['Call the insurer and give them the claim reference', 'open'],
      ['Reset every service account password on the HR shares', 'doing'],
      ['Check the backups of the HR shares for encrypted files', 'doing'],
      ['Isolate VLAN 40', 'done']
    ] as const
    for (const [title, status] of tasks) {
      const { id } = await controlA.call('taskAdd', { incidentId, title, assignee: ben.peerId, due: '2026-11-23T09:00:00Z' })
      if (status !== 'open') await controlA.call('taskSet', { incidentId, id, status })
    }
    const pill = page.locator('.incident-header .sync-pill')
    await until('the incident up to date with Ben', async () => (await pill.textContent() ?? '').includes('Up to date'), 30_000)
    await page.locator('.message-text', { hasText: 'hashes go to the evidence locker' }).waitFor()
    await check('chat')
    for (const [tab, ready] of [['Timeline', '.timeline-item'], ['Notes', '.note-item'], ['Tasks', '.task-card'], ['Members', '.member-name'], ['Connection', '.sync-summary']] as const) {
      await page.getByRole('tab', { name: tab }).click()
      await page.locator(ready).first().waitFor()
      if (tab === 'Notes') {
        await page.getByRole('button', { name: /Scope/ }).click()
        await page.locator('.cm-content').waitFor()
      }
      await check(`the ${tab} tab`)
    }
    await page.getByRole('tab', { name: 'Chat' }).click()
    await page.getByRole('button', { name: 'Invite', exact: true }).click()
    await page.getByRole('button', { name: 'Create invite link' }).click()
    await page.getByLabel('Invite link', { exact: true }).waitFor()
    await check('the invite dialog')
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()

    await page.getByRole('button', { name: new RegExp(`^${OTHER}`) }).click()
    await page.getByRole('heading', { name: OTHER, level: 1 }).waitFor()
    await controlB.call('sendMessage', { incidentId, text: 'fs-02 image done, SHA-256 in the evidence locker.' })
    await page.locator('.incident-item:not(.is-active) .unread-badge:not(.is-empty)').waitFor({ timeout: 30_000 })
    await check('the sidebar with an unread incident')
    await page.getByRole('button', { name: new RegExp(`^${TITLE}`) }).click()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()

    await page.getByRole('switch', { name: /Online/ }).click()
    await page.getByText('You are offline.').waitFor({ timeout: 20_000 })
    await check('offline')
    await page.getByRole('switch', { name: /Offline/ }).click()
    await page.getByRole('switch', { name: /Online/ }).waitFor()
    assertClean()
  })

  test('the top bar never scrolls away and nothing scrolls to a blank screen', async () => {
    const problems: string[] = []
    const dismiss = page.getByRole('button', { name: 'Dismiss' })
    while (await dismiss.count() > 0) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const tab of ['Chat', 'Timeline', 'Notes', 'Tasks', 'Members', 'Connection']) {
        await page.getByRole('tab', { name: tab }).click()
        await page.locator('.panel > *').first().waitFor()
        const scroll = await pageScroll(page)
        // The page as far down as it scrolls: the top bar must still be there.
        if (tab === 'Connection') await page.screenshot({ path: join(ARTIFACTS, `a11y-connection-${size.width}x${size.height}.png`) })
        await resetScroll(page)
        if (scroll.scrollHeight > scroll.viewportHeight) problems.push(`${tab} at ${size.width}×${size.height}: the page is ${scroll.scrollHeight} px tall in a ${scroll.viewportHeight} px window`)
        if (scroll.topBarTop !== 0) problems.push(`${tab} at ${size.width}×${size.height}: the top bar scrolled to ${scroll.topBarTop} px`)
      }
      if (size.height === 700) assert.ok(await scrollsInside(page, '.connection'), 'at 900×700 the Connection tab scrolls inside its panel')
    }
    assert.deepEqual(problems, [])
  })

  test('the Tasks board keeps columns and cards apart at 900×700', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await page.getByRole('tab', { name: 'Tasks' }).click()
      await page.locator('.task-card').first().waitFor()
      await page.screenshot({ path: join(ARTIFACTS, `a11y-tasks-${size.width}x${size.height}.png`) })
      assert.deepEqual(await boardOverlaps(page), [], `at ${size.width}×${size.height}`)
      const scroll = await pageScroll(page)
      await resetScroll(page)
      assert.ok(scroll.scrollHeight <= scroll.viewportHeight && scroll.topBarTop === 0, `the page does not scroll on the Tasks tab at ${size.width}×${size.height}`)
    }
  })
})

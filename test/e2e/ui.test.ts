// The responder's UI end to end, in a real Chromium: two daemons (own processes, 127.0.0.1, no
// mDNS/DHT), a `lifeboat ui` server for each, and one page per responder. A creates an incident
// and invites; B joins by pasting the link; they chat both ways; B's timeline entry shows in A;
// both type into one note at once and both texts survive; a task A assigns to B shows in B; a
// member device that signs two entries under one number is flagged forked, with an alert for A.
// Screenshots go to test-artifacts/ (and to docs/screenshot.png with UPDATE_DOCS_SCREENSHOT=1).
import { after, before, describe, test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { fromHex } from '../../p2p/codec/bytes.js'
import { connectControl } from '../../p2p/host/control/client.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { cleanupCli, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { messageEntry } from '../support/forged-entries.js'
import { startRawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const ARTIFACTS = join(REPO, 'test-artifacts')
const TITLE = 'Ransomware at plant 3'
const VIEWPORT = { width: 1360, height: 860 }

const textOf = async (l: Locator): Promise<string> => (await l.textContent({ timeout: 2000 })) ?? ''

/** The little of the DOM that runs in the page (this file is compiled without the DOM library). */
interface DomNode { cloneNode(deep: boolean): DomNode, querySelectorAll(selector: string): Iterable<DomNode>, remove(): void, textContent: string | null }

/** The note's text as the editor shows it, without the remote cursors' name labels. */
async function editorText (page: Page): Promise<string> {
  return await page.locator('.cm-content').evaluate((content) => {
    const copy = (content as unknown as DomNode).cloneNode(true)
    for (const widget of copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer')) widget.remove()
    return [...copy.querySelectorAll('.cm-line')].map(line => line.textContent ?? '').join('\n')
  })
}

async function shot (page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `ui-${name}.png`) })
}

describe('the responder UI in a browser (two nodes)', { timeout: 300_000 }, () => {
  let browser: Browser
  let ana: RunningDaemon, ben: RunningDaemon
  let uiA: UiProcess, uiB: UiProcess
  let pageA: Page, pageB: Page

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: the end-to-end UI test needs Debian's Chromium (apt-get install -y --no-install-recommends chromium); CI installs it`)
    await mkdir(ARTIFACTS, { recursive: true })
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-e2e-a-'), makeTempDir('lifeboat-e2e-b-')])
    ;[ana, ben] = await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ;[uiA, uiB] = await Promise.all([startUi(dirA), startUi(dirB)])
    // launch() runs Chromium on a fresh temporary profile (user-data dir) that it deletes on close.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    // Two responders in different time zones: the timeline must show the same UTC time to both.
    const [ctxA, ctxB] = await Promise.all([
      browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/Berlin', locale: 'en-GB' }),
      browser.newContext({ viewport: VIEWPORT, timezoneId: 'America/New_York', locale: 'en-US' })
    ])
    ;[pageA, pageB] = await Promise.all([ctxA.newPage(), ctxB.newPage()])
    for (const [who, page] of [['A', pageA], ['B', pageB]] as const) {
      page.on('pageerror', err => { process.stderr.write(`page ${who} error: ${err.message}\n`) })
      page.on('console', msg => { if (msg.type() === 'error' || msg.type() === 'warning') process.stderr.write(`page ${who} ${msg.type()}: ${msg.text()}\n`) })
    }
  })

  // The steps build on each other: after a failure, keep what the pages showed and skip the rest.
  let failed: string | undefined
  const step = (name: string, fn: () => Promise<void>): void => {
    test(name, async (t: TestContext) => {
      if (failed !== undefined) { t.skip(`an earlier step failed: ${failed}`); return }
      try {
        await fn()
      } catch (err) {
        failed = name
        await Promise.all([pageA?.screenshot({ path: join(ARTIFACTS, 'ui-failed-A.png') }), pageB?.screenshot({ path: join(ARTIFACTS, 'ui-failed-B.png') })]).catch(() => undefined)
        throw err
      }
    })
  }

  after(async () => {
    await browser?.close().catch(() => undefined)
    await Promise.all([uiA?.stop(), uiB?.stop()]).catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  step('the page refuses a wrong token', async () => {
    const bad = new URL(uiA.url)
    bad.searchParams.set('token', 'wrong')
    const response = await pageA.goto(bad.toString())
    assert.equal(response?.status(), 403)
  })

  step('first run shows the name and fingerprint; A creates an incident', async () => {
    await pageA.goto(uiA.url)
    await pageA.getByRole('heading', { name: 'Welcome to Lifeboat' }).waitFor()
    assert.equal(await pageA.getByLabel(/Your name/).inputValue(), 'Ana Costa')
    assert.match(await textOf(pageA.getByRole('group', { name: 'Your fingerprint' })), /^(\d{5} ?){6}$/)
    assert.equal(new URL(pageA.url()).searchParams.get('token'), null, 'the token is taken out of the address bar')
    await shot(pageA, '01-first-run')
    await pageA.getByRole('button', { name: 'Continue' }).click()
    await pageA.getByRole('button', { name: 'New incident' }).first().click()
    await pageA.getByLabel('Title').fill(TITLE)
    await pageA.getByRole('button', { name: 'Create incident' }).click()
    await pageA.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
  })

  let invite = ''
  step('A invites with a link and a QR code; B joins by pasting the link', async () => {
    await pageA.getByRole('button', { name: 'Invite', exact: true }).click()
    await pageA.getByRole('button', { name: 'Create invite link' }).click()
    const link = pageA.getByLabel('Invite link', { exact: true })
    await link.waitFor()
    invite = await link.inputValue()
    assert.match(invite, /^lifeboat:\/\/join\//)
    assert.ok(await pageA.getByRole('img', { name: 'QR code of the invite link' }).isVisible(), 'the QR code is drawn')
    await shot(pageA, '02-invite')
    await pageA.getByRole('button', { name: 'Close' }).click()

    await pageB.goto(uiB.url)
    await pageB.getByRole('button', { name: 'Continue' }).click()
    await pageB.getByRole('button', { name: 'Join with a link' }).first().click()
    await pageB.getByLabel('Invite link', { exact: true }).fill(invite)
    await pageB.getByRole('button', { name: 'Join', exact: true }).click()
    await pageB.getByRole('heading', { name: TITLE, level: 1 }).waitFor({ timeout: 90_000 })
  })

  step('chat goes both ways, with mentions and delivery state', async () => {
    const first = 'Isolated VLAN 40, imaging fs-02 now.'
    await pageA.getByLabel(`Message to ${TITLE}`).fill(first)
    await pageA.getByLabel(`Message to ${TITLE}`).press('Enter')
    await pageB.locator('.message-text', { hasText: first }).waitFor({ timeout: 60_000 })

    const reply = '@Ana Costa confirmed: hashes go to the evidence locker.'
    await pageB.getByLabel(`Message to ${TITLE}`).fill(reply)
    await pageB.getByLabel(`Message to ${TITLE}`).press('Enter')
    const onA = pageA.locator('.message', { hasText: 'hashes go to the evidence locker' })
    await onA.waitFor({ timeout: 60_000 })
    assert.equal(await onA.locator('.mention.is-me').textContent(), '@Ana Costa', 'A sees the mention of her name highlighted')
    await until('A\'s message to show as sent', async () => (await textOf(pageA.locator('.message', { hasText: first }).locator('.delivery'))).includes('Sent'))
    const composerA = pageA.getByLabel(`Message to ${TITLE}`)
    await composerA.fill('Legal joins the bridge at 10:00 — @Ben Okafor can you dial in?')
    await composerA.press('Enter')
    await pageB.locator('.message.is-mention', { hasText: 'Legal joins the bridge' }).waitFor({ timeout: 60_000 })
    // ↑ in the empty box edits the last own message; the edit reaches B.
    await composerA.press('ArrowUp')
    const edit = pageA.getByRole('textbox', { name: 'Edit message' })
    await edit.fill('Legal joins the bridge at 10:30 — @Ben Okafor can you dial in?')
    await edit.press('Enter')
    await pageB.locator('.message', { hasText: 'bridge at 10:30' }).getByText('(edited)').waitFor({ timeout: 60_000 })
    await pageB.getByLabel(`Message to ${TITLE}`).fill('Yes. Insurer notified; the claim reference is in the timeline.')
    await pageB.getByLabel(`Message to ${TITLE}`).press('Enter')
    await pageA.locator('.message-text', { hasText: 'Insurer notified' }).waitFor({ timeout: 60_000 })
    await onA.hover()
    await onA.getByRole('button', { name: 'Add reaction' }).click()
    await onA.getByRole('button', { name: 'React 👍' }).click()
    await pageB.locator('.message', { hasText: 'hashes go to the evidence locker' }).getByRole('button', { name: /👍 1/ }).waitFor({ timeout: 30_000 })
  })

  step('offline: a message waits on this device and goes out when back online', async () => {
    await pageA.getByRole('switch', { name: /Online/ }).first().click()
    await pageA.getByText('You are offline.').waitFor({ timeout: 30_000 })
    const text = 'Written offline: fs-03 unplugged from the network.'
    await pageA.getByLabel(`Message to ${TITLE}`).fill(text)
    await pageA.getByLabel(`Message to ${TITLE}`).press('Enter')
    const mine = pageA.locator('.message', { hasText: text })
    await until('the message to be stored and waiting', async () => (await textOf(mine.locator('.delivery'))).includes('Stored here'))
    await until('the waiting count', async () => /Offline · \d+ waiting/.test(await textOf(pageA.locator('.incident-header .sync-pill'))))
    await shot(pageA, '03-offline')
    assert.equal(await pageB.locator('.message-text', { hasText: text }).count(), 0, 'B has not received it while A is offline')
    await pageA.getByRole('switch', { name: /Offline/ }).first().click()
    await pageB.locator('.message-text', { hasText: text }).waitFor({ timeout: 60_000 })
    await until('the message to show as sent', async () => (await textOf(mine.locator('.delivery'))).includes('Sent'), 30_000)
  })

  step('a timeline entry added in B shows in A, in UTC and local time', async () => {
    await pageB.getByRole('tab', { name: 'Timeline' }).click()
    await pageB.getByRole('button', { name: 'Add entry' }).click()
    await pageB.getByLabel('What happened').fill('Ransom note found on fs-02 by the helpdesk')
    await pageB.getByLabel('Source').fill('Helpdesk call')
    await pageB.getByLabel('Tags').fill('malware, fs-02')
    await pageB.getByRole('button', { name: 'Add to timeline' }).click()
    await pageA.getByRole('tab', { name: 'Timeline' }).click()
    const entry = pageA.locator('.timeline-item', { hasText: 'Ransom note found on fs-02' })
    await entry.waitFor({ timeout: 60_000 })
    const utcOnA = await textOf(entry.locator('.utc'))
    assert.match(utcOnA, /UTC$/)
    assert.notEqual(await textOf(entry.locator('.local')), utcOnA, 'the local time is shown beside UTC')
    assert.equal(await textOf(pageB.locator('.timeline-item', { hasText: 'Ransom note found on fs-02' }).locator('.utc')), utcOnA, 'both see the same UTC time')
    assert.match(await textOf(entry), /added by Ben Okafor/)
    await shot(pageA, '04-timeline')
  })

  step('both type into the same note at once and both texts remain', async () => {
    await pageA.getByRole('tab', { name: 'Notes' }).click()
    await pageA.getByLabel('New note name').fill('Scope')
    await pageA.getByLabel('New note name').press('Enter')
    await pageA.locator('.cm-content').waitFor()
    await pageB.getByRole('tab', { name: 'Notes' }).click()
    await pageB.getByRole('button', { name: /Scope/ }).click({ timeout: 60_000 })
    await pageB.locator('.cm-content').waitFor()
    const textA = 'Ana: VLAN 40 isolated, fs-02 imaged. '
    const textB = 'Ben: HR shares affected, backups intact. '
    await pageA.locator('.cm-content').click()
    await pageB.locator('.cm-content').click()
    await Promise.all([pageA.keyboard.type(textA, { delay: 25 }), pageB.keyboard.type(textB, { delay: 25 })])
    for (const [who, page] of [['A', pageA], ['B', pageB]] as const) {
      await until(`both texts in ${who}'s editor`, async () => {
        const text = await editorText(page)
        return text.includes(textA.trim()) && text.includes(textB.trim())
      }, 60_000)
    }
    let texts: string[] = []
    await until('the two editors to converge on the same text', async () => {
      texts = await Promise.all([editorText(pageA), editorText(pageB)])
      return texts[0] === texts[1]
    }, 30_000).catch((err: Error) => { throw new Error(`${err.message}: A has ${JSON.stringify(texts[0])}, B has ${JSON.stringify(texts[1])}`) })
    await until('B\'s cursor with B\'s name in A\'s editor', async () => (await textOf(pageA.locator('.cm-ySelectionInfo'))).includes('Ben Okafor'), 30_000)
    await shot(pageA, '05-notes')
  })

  step('a task assigned in A shows in B, assigned to B', async () => {
    const title = 'Image fs-02 and hash the disk'
    await pageA.getByRole('tab', { name: 'Tasks' }).click()
    await pageA.getByPlaceholder(/New task/).fill(title)
    const assignTo = pageA.getByLabel('Assign to')
    await until('Ben in the assignee list', async () => (await assignTo.locator('option', { hasText: 'Ben Okafor' }).count()) === 1)
    await assignTo.selectOption({ label: 'Ben Okafor' })
    await pageA.getByRole('button', { name: 'Add task' }).click()
    await pageB.getByRole('tab', { name: 'Tasks' }).click()
    const card = pageB.locator('.task-card', { hasText: title })
    await card.waitFor({ timeout: 60_000 })
    assert.equal(await card.getByLabel(`Assignee of ${title}`).inputValue(), ben.peerId)
    await card.getByLabel(`Status of ${title}`).selectOption('doing')
    await until('the status change in A', async () => (await pageA.locator('.column-doing .task-card', { hasText: title }).count()) === 1, 60_000)
    await shot(pageB, '06-tasks')
  })

  step('members and connection panels show both devices', async () => {
    await pageA.getByRole('tab', { name: 'Members' }).click()
    const row = pageA.locator('tr', { hasText: 'Ben Okafor' })
    await row.waitFor()
    await until('Ben online in A', async () => (await textOf(row)).includes('online'))
    await row.getByRole('button', { name: 'Verify' }).click()
    await pageA.getByRole('button', { name: 'The numbers match' }).click()
    await row.getByText('Verified').waitFor()
    await shot(pageA, '07-members')
    await pageA.getByRole('button', { name: /^You: Ana Costa/ }).click()
    await pageA.getByRole('dialog', { name: 'Your device' }).getByText(ana.peerId, { exact: true }).waitFor()
    await pageA.getByRole('button', { name: 'Close' }).click()
    await pageA.getByRole('tab', { name: /Connection/ }).click()
    await pageA.locator('.sync-summary').waitFor()
    await until('A up to date', async () => (await textOf(pageA.locator('.sync-summary'))).includes('Up to date'), 30_000)
    // Missing on Ben's device, from his heads summary: nothing once both hold the same.
    const benRow = pageA.locator('.connection tr', { hasText: 'Ben Okafor' })
    await until('Ben missing nothing', async () => (await textOf(benRow.locator('td').nth(4))) === 'nothing', 30_000)
    // The daemons run with --no-mdns: the view says LAN discovery is off, in words.
    assert.match(await textOf(pageA.locator('.discovery-status')), /^LAN discovery \(mDNS\) is off on this device: members are still reached at their saved addresses/)
    await shot(pageA, '08-connection')
  })

  step('a message in another incident counts as unread, with a marker when opened', async () => {
    await pageA.getByRole('button', { name: 'New incident' }).first().click()
    await pageA.getByLabel('Title').fill('Phishing wave in finance')
    await pageA.getByRole('button', { name: 'Create incident' }).click()
    await pageA.getByRole('heading', { name: 'Phishing wave in finance', level: 1 }).waitFor()
    await pageB.getByRole('tab', { name: 'Chat' }).click()
    await pageB.getByLabel(`Message to ${TITLE}`).fill('fs-02 image done, SHA-256 in the evidence locker.')
    await pageB.getByLabel(`Message to ${TITLE}`).press('Enter')
    const item = pageA.getByRole('button', { name: new RegExp(`^${TITLE}.*1 unread message`) })
    await item.waitFor({ timeout: 60_000 })
    await item.click()
    await pageA.getByRole('tab', { name: 'Chat' }).click()
    await pageA.getByRole('separator', { name: 'New messages' }).waitFor()
    await pageA.locator('.message-text', { hasText: 'fs-02 image done' }).waitFor()
    await until('the unread count to clear', async () => (await pageA.getByRole('button', { name: new RegExp(`^${TITLE}`) }).getAttribute('aria-label'))?.includes('unread') === false)
    await pageA.mouse.move(0, 0)
    for (const dismiss of await pageA.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click()
    await shot(pageA, '09-chat')
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      await mkdir(join(REPO, 'docs'), { recursive: true })
      await pageA.screenshot({ path: join(REPO, 'docs', 'screenshot.png') })
    }
  })

  step('dark and high-contrast themes', async () => {
    await pageA.emulateMedia({ colorScheme: 'dark' })
    await pageA.getByRole('tab', { name: 'Timeline' }).click()
    await shot(pageA, '10-dark-timeline')
    await pageA.getByRole('tab', { name: 'Chat' }).click()
    await shot(pageA, '11-dark-chat')
    // The toggle cycles System → Light → Dark → High contrast.
    for (const next of ['Light', 'Dark', 'High contrast']) await pageA.getByRole('button', { name: new RegExp(`Switch to ${next}$`) }).click()
    assert.equal(await pageA.evaluate('document.documentElement.dataset.theme'), 'contrast')
    await shot(pageA, '12-contrast-chat')
  })

  step('a member device that forks its log is flagged forked, and the admin is alerted', async () => {
    const control = await connectControl(ana.dir)
    const m = await startRawNode()
    try {
      const [incident] = (await control.call('listIncidents', {})).filter(i => i.title === TITLE)
      const incidentId = incident?.incidentId ?? ''
      await m.connect(ana.addrs)
      const { invite } = await control.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
      const joined = await rawJoin(m, ana.peerId, decodeInviteLink(invite), { name: 'Mallory Fork' })
      assert.ok(joined.ok)
      const { topic } = await control.call('status', { incidentId })
      m.subscribe(topic)
      await m.waitForMesh(topic, [ana.peerId])
      const slot = { incidentId: fromHex(incidentId), seq: 1, prev: new Uint8Array(0), epochId: joined.currentEpoch, epochKey: joined.epochKeys.get(joined.currentEpoch) as Uint8Array }
      for (const text of ['all clear', 'wipe fs-02']) await m.publish(topic, encodeEntryFrame(messageEntry(m.identity.signer, slot, text).wire))
      await pageA.getByRole('tab', { name: 'Members' }).click()
      const row = pageA.locator('tr', { hasText: 'Mallory Fork' })
      await row.locator('.forked-badge').waitFor({ timeout: 30_000 })
      assert.match(await textOf(pageA.locator('.members .banner-danger')), /Mallory Fork.*Remove the device/)
      await shot(pageA, '13-forked-member')
    } finally {
      control.close()
      await m.stop()
    }
  })
})

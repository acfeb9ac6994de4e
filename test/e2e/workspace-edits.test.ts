// Issue 11, the workspace and attention items, in a real Chromium against two real daemons (Ana
// in the page, Ben on the CLI): a note is renamed and deleted, a task retitled and deleted, each
// seen on Ben's node; the timeline's time is 24-hour ISO-style text in an explicit zone, and
// text that is no time is refused in plain words without losing it; the sidebar counts unread
// messages that mention me apart from the others; browser mode shows a desktop notification for
// a mention (asking permission then, not at start-up), never for my own message and not while
// that incident's chat is on screen. The page's Notification is a recorder (an init script).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'
import { audit, describeFindings, type Finding } from './a11y-support.js'

const TITLE = 'BEC at finance'
const OTHER = 'Ransomware plant 3'

/** Records what the page asks of the Notification API; the tab counts as focused. */
const NOTIFICATION_RECORDER = `
  window.__asked = 0; window.__shown = [];
  class RecordingNotification {
    static permission = 'default'
    static async requestPermission () { window.__asked++; RecordingNotification.permission = 'granted'; return 'granted' }
    constructor (title, options) { window.__shown.push({ title, body: options?.body ?? '' }) }
    close () {}
  }
  window.Notification = RecordingNotification
  document.hasFocus = () => true
`

describe('workspace edits, mention badge and browser notifications', { timeout: 300_000 }, () => {
  let browser: Browser
  let ana: RunningDaemon, ben: RunningDaemon
  let ui: UiProcess
  let page: Page
  let incidentId: string
  /** axe-core's critical and serious findings on each new screen, in every theme. */
  const findings: Finding[] = []

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-we-a-'), makeTempDir('lifeboat-we-b-')])
    ;[ana, ben] = await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(ana.dir, 'incident', 'create', TITLE))
    const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incidentId)
    await lifeboat(ben.dir, 'join', invite)
    ui = await startUi(dirA)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    // bypassCSP: the page's policy (script-src 'self') would refuse the injected axe-core script.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Berlin', bypassCSP: true })
    await context.addInitScript(NOTIFICATION_RECORDER)
    page = await context.newPage()
    page.on('pageerror', err => { process.stderr.write(`page error: ${err.message}\n`) })
    await page.goto(ui.url)
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor() // an incident exists: no first-run screen
  })

  after(async () => {
    await browser?.close().catch(() => undefined)
    await ui?.stop().catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  const notesOnBen = async (): Promise<string[]> => (await lifeboat<Array<{ name: string }>>(ben.dir, 'note', 'list', incidentId)).map(n => n.name)
  const confirmDialog = (): ReturnType<Page['getByRole']> => page.getByRole('dialog')

  test('a note is renamed and deleted for every member; a taken name is refused, keeping what was typed', async () => {
    await lifeboat(ben.dir, 'note', 'append', incidentId, 'Comms', 'Legal informed 10:10.')
    await page.getByRole('tab', { name: 'Notes' }).click()
    await page.getByLabel('New note name').fill('Scope')
    await page.getByRole('button', { name: 'Create note' }).click()
    await page.getByRole('heading', { name: 'Scope', level: 3 }).waitFor()
    await page.getByRole('textbox', { name: 'Note Scope' }).click()
    await page.keyboard.type('VLAN 40 isolated.')
    await until('the note on Ben\'s node', async () => (await notesOnBen()).includes('Scope'))

    await page.getByRole('button', { name: 'Rename note' }).click()
    await page.getByLabel('Note name', { exact: true }).fill('Comms')
    await page.getByRole('button', { name: 'Save' }).click()
    assert.match(await page.getByRole('alert').filter({ hasText: 'Not renamed' }).textContent() ?? '', /a note named Comms exists already/)
    assert.equal(await page.getByLabel('Note name', { exact: true }).inputValue(), 'Comms', 'what was typed stays')
    findings.push(...await audit(page, 'a note\'s name refused'))
    await page.getByLabel('Note name', { exact: true }).fill('Scope and impact')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { name: 'Scope and impact', level: 3 }).waitFor()
    await until('the new name on Ben\'s node', async () => JSON.stringify(await notesOnBen()) === JSON.stringify(['Comms', 'Scope and impact']))
    assert.match((await lifeboat<{ text: string }>(ben.dir, 'note', 'show', incidentId, 'Scope and impact')).text, /VLAN 40 isolated\./)

    await page.getByRole('button', { name: 'Delete note' }).click()
    assert.match(await confirmDialog().textContent() ?? '', /deleted for every member/)
    findings.push(...await audit(page, 'deleting a note'))
    await confirmDialog().getByRole('button', { name: 'Delete note' }).click()
    await until('the note gone from the list', async () => await page.locator('.note-item', { hasText: 'Scope and impact' }).count() === 0)
    await until('the note gone on Ben\'s node', async () => JSON.stringify(await notesOnBen()) === JSON.stringify(['Comms']))
  })

  test('a task is retitled and deleted for every member, deleting after a confirmation', async () => {
    const { id } = await lifeboat<{ id: string }>(ben.dir, 'task', 'add', incidentId, 'Image fs-02')
    const titlesOnBen = async (): Promise<string[]> => (await lifeboat<Array<{ title: string }>>(ben.dir, 'task', 'list', incidentId)).map(t => t.title)
    await page.getByRole('tab', { name: 'Tasks' }).click()
    await page.getByRole('button', { name: 'Edit title of Image fs-02' }).click()
    await page.getByLabel('Title of the task').fill('   ')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('alert').filter({ hasText: 'A task needs a title.' }).waitFor()
    findings.push(...await audit(page, 'a task\'s title refused'))
    await page.getByLabel('Title of the task').fill('Image fs-02 and hash the disk')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('.task-title', { hasText: 'Image fs-02 and hash the disk' }).waitFor()
    await until('the new title on Ben\'s node', async () => JSON.stringify(await titlesOnBen()) === JSON.stringify(['Image fs-02 and hash the disk']))

    await page.getByRole('button', { name: 'Delete Image fs-02 and hash the disk' }).click()
    await confirmDialog().getByRole('button', { name: 'Cancel' }).click()
    assert.equal(await page.locator('.task-title', { hasText: 'hash the disk' }).count(), 1, 'cancel keeps it')
    await page.getByRole('button', { name: 'Delete Image fs-02 and hash the disk' }).click()
    await confirmDialog().getByRole('button', { name: 'Delete task' }).click()
    await until('the task gone', async () => await page.locator('.task-title', { hasText: 'hash the disk' }).count() === 0)
    await until('the task gone on Ben\'s node', async () => (await titlesOnBen()).length === 0)
    assert.ok(id.length === 16)
  })

  test('the timeline takes 24-hour ISO-style time in an explicit zone, and says plainly what is wrong', async () => {
    await page.getByRole('tab', { name: 'Timeline' }).click()
    await page.getByRole('button', { name: 'Add entry' }).click()
    const form = page.getByRole('form', { name: 'New timeline entry' })
    assert.equal(await form.locator('input[type="datetime-local"]').count(), 0, 'no locale date picker')
    const when = form.getByLabel('When it happened (YYYY-MM-DD HH:MM, 24-hour)')
    assert.match(await when.inputValue(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, 'starts at now, ISO-style')
    assert.match(await form.getByLabel('Time zone of the time typed').locator('option:checked').textContent() ?? '', /^Europe\/Berlin \(UTC\+01:00\)$/)
    await form.getByLabel('What happened').fill('First phishing mail opened')
    await when.fill('11/22/2026, 02:05 PM')
    await form.getByRole('button', { name: 'Add to timeline' }).click()
    assert.match(await form.getByRole('alert').textContent() ?? '', /“11\/22\/2026, 02:05 PM” is not a time in the form YYYY-MM-DD HH:MM \(24-hour\), e\.g\. 2026-11-22 14:05/)
    assert.equal(await when.inputValue(), '11/22/2026, 02:05 PM', 'what was typed stays')
    assert.equal(await when.getAttribute('aria-invalid'), 'true')
    findings.push(...await audit(page, 'a timeline time refused'))
    await when.fill('2026-11-22 14:05')
    assert.match(await form.locator('.field-hint').first().textContent() ?? '', /= 2026-11-22 13:05:00 UTC/)
    await form.getByLabel('Time zone of the time typed').selectOption('utc')
    assert.equal(await when.inputValue(), '2026-11-22 13:05', 'switching the zone keeps the instant')
    await form.getByRole('button', { name: 'Add to timeline' }).click()
    await page.locator('.timeline-item', { hasText: 'First phishing mail opened' }).locator('time', { hasText: '2026-11-22 13:05:00 UTC' }).waitFor()
    await until('the entry on Ben\'s node', async () => (await lifeboat<Array<{ occurredAt: string }>>(ben.dir, 'timeline', 'list', incidentId)).some(e => e.occurredAt === '2026-11-22T13:05:00.000Z'))
  })

  test('mentions: a badge apart from the unread count, and a desktop notification asked for on the first one', async () => {
    await page.getByRole('tab', { name: 'Chat' }).click()
    assert.equal(await page.evaluate('window.__asked'), 0, 'no permission asked at start-up')
    const { incidentId: other } = await lifeboat<{ incidentId: string }>(ana.dir, 'incident', 'create', OTHER)
    const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', other)
    await lifeboat(ben.dir, 'join', invite)
    await page.getByRole('button', { name: new RegExp(`^${OTHER},`) }).waitFor()
    // Ana writes in the incident on screen, mentioning herself: no notification for her own message.
    await page.getByLabel(`Message to ${TITLE}`).fill('@Ana Costa note to self: call the bank')
    await page.getByLabel(`Message to ${TITLE}`).press('Enter')
    await lifeboat(ben.dir, 'send', incidentId, '@Ana Costa the bank called back') // the chat on screen: no notification
    await lifeboat(ben.dir, 'send', other, '@Ana Costa can you check the backups?')
    await lifeboat(ben.dir, 'send', other, 'and the plant 3 firewall logs')
    const item = page.getByRole('button', { name: new RegExp(`^${OTHER},`) })
    await until('the mention badge', async () => (await item.getAttribute('aria-label') ?? '').endsWith('2 unread messages, 1 unread message mentioning you'))
    assert.equal(await page.locator('.incident-entry', { has: item }).locator('.incident-overlay .mention-badge').textContent(), '@1', 'the badge drawn')
    assert.equal(await item.locator('.unread-badge').textContent(), '2')
    findings.push(...await audit(page, 'the sidebar with a mention badge'))
    await until('one notification', async () => await page.evaluate('window.__shown.length') === 1)
    assert.equal(await page.evaluate('window.__asked'), 1, 'permission asked on the first mention')
    assert.deepEqual(await page.evaluate('window.__shown[0]'), { title: `Ben Okafor mentioned you · ${OTHER}`, body: '@Ana Costa can you check the backups?' })
    await item.click()
    await until('the badge gone once read', async () => await page.locator('.mention-badge').count() === 0)
    await new Promise(resolve => setTimeout(resolve, 500))
    assert.equal(await page.evaluate('window.__shown.length'), 1, 'nothing else notified')
  })
  test('axe-core finds nothing critical or serious on these screens, in any theme', () => {
    assert.equal(findings.length, 0, describeFindings(findings))
  })
})

// Conversations and search in the responder UI (issue 15), in a real Chromium against three real
// daemons in browser mode (Ana, Ben, Cy, one incident): Ana opens a direct message to Ben from the
// Chat tab's conversations list; Ben's list shows it with one unread, which goes to 0 once he reads
// it; Cy's page, node and search show nothing of it. Ana starts a private thread with Ben and Cy,
// then takes Cy out of it: Cy's list loses it and he cannot read what follows. A reply in the
// incident chat shows its quote on the other side (a click goes to the original); a pin shows in
// the other member's pinned bar (a click goes to the message) and an unpin clears it. Ctrl+K
// searches for an IP address: results grouped by kind, Enter opens the incident chat at the
// message, a private result opens its conversation, a note and a task open in their tabs. A long
// chat shows a page at a time ("Show earlier messages"), and a result far back loads the pages
// it needs. The new screens pass axe-core. Screenshots go to test-artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Locator, Page } from 'playwright-core'
import type { ControlClient } from '../../p2p/host/control/client.js'
import { audit, describeFindings, type Finding } from './a11y-support.js'
import { until } from './browser.js'
import { thirdMember } from './third-member.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Exfiltration from the build farm'
const DM = 'Keep this between us: svc_backup logged in from the jump host at 02:10.'
const THREAD = 'Legal and comms'
const ORIGINAL = 'Firewall blocked outbound traffic to 198.51.100.23 from build-07.'
const REPLY = 'Blocking it at the edge too.'
const IP = '198.51.100.23'

describe('conversations, replies, pins and search in the UI (three nodes, browser mode)', { timeout: 300_000 }, () => {
  let members: TwoMembers
  let pageA: Page, pageB: Page, pageC: Page
  let controlC: ControlClient
  let incidentId = ''
  const findings: Finding[] = []
  const shot = async (page: Page, name: string): Promise<void> => { await page.screenshot({ path: join(ARTIFACTS, `conversations-${name}.png`) }) }
  const convList = (page: Page): Locator => page.getByRole('navigation', { name: 'Conversations' })
  const conv = (page: Page, name: RegExp): Locator => convList(page).getByRole('button', { name })
  /** A direct message in the list, by the other member's name, with or without an unread count. */
  const dm = (page: Page, name: string): Locator => conv(page, new RegExp(`^${name}, (\\d+ unread, )?direct message$`))
  const composer = (page: Page, to: string): Locator => page.getByRole('combobox', { name: `Message to ${to}` })
  /** The message whose own text has `text` (not a reply quoting it). */
  const message = (page: Page, text: string): Locator => page.locator('article.message').filter({ has: page.locator('.message-text', { hasText: text }) })
  /** The data-jump-id of the focused element (the page's DOM, as a string: no DOM types here). */
  const focusedId = async (page: Page): Promise<string | null> => await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-jump-id")') as string | null

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-conv', TITLE)
    ;({ pageA, pageB, incidentId } = members)
    ;({ page: pageC, control: controlC } = await thirdMember(members, 'lifeboat-conv', 'Cy Tran', TITLE))
    for (const page of [pageA, pageB, pageC]) {
      await until('three members in each header', async () => /^3 members/.test(await page.locator('.incident-sub').getByText(/members ·/).textContent() ?? ''), 30_000)
    }
  })

  after(async () => {
    controlC?.close()
    await members?.stop()
  })

  test('Ana opens a direct message to Ben; Ben sees one unread, reads it, and the count goes to 0; Cy sees nothing of it', async () => {
    assert.equal(await conv(pageA, /^Incident chat, all members$/).getAttribute('aria-current'), 'true', 'the incident chat is open first')
    await convList(pageA).getByRole('button', { name: 'New direct message' }).click()
    const dialog = pageA.getByRole('dialog', { name: 'New direct message' })
    await dialog.getByLabel('To').selectOption({ label: 'Ben Okafor' })
    await dialog.getByLabel('Message').fill(DM)
    await dialog.getByRole('button', { name: 'Send direct message' }).click()
    await pageA.getByText('Only you and Ben Okafor can read this direct message.').waitFor()
    await message(pageA, DM).waitFor()
    assert.equal(await dm(pageA, 'Ben Okafor').getAttribute('aria-current'), 'true')
    assert.equal(await dm(pageA, 'Ben Okafor').getAttribute('aria-label'), 'Ben Okafor, direct message', 'nothing unread for the sender')

    const bensDm = dm(pageB, 'Ana Costa')
    await until('the DM in Ben\'s list with 1 unread', async () => await bensDm.getAttribute('aria-label') === 'Ana Costa, 1 unread, direct message', 30_000)
    assert.equal((await bensDm.locator('.conv-badge').textContent())?.trim(), '1')
    await shot(pageB, 'unread')
    findings.push(...await audit(pageB, 'an unread direct message in the list'))
    await bensDm.click()
    await message(pageB, DM).waitFor()
    await pageB.getByText('Only you and Ana Costa can read this direct message.').waitFor()
    assert.equal(await bensDm.getAttribute('aria-label'), 'Ana Costa, direct message', 'read: no unread count')
    assert.equal(await bensDm.locator('.conv-badge').count(), 0)
    // Read stays read: back to the incident chat, and after a reload of the page.
    await conv(pageB, /^Incident chat/).click()
    await pageB.reload()
    await pageB.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    assert.equal(await dm(pageB, 'Ana Costa').getAttribute('aria-label'), 'Ana Costa, direct message')
    findings.push(...await audit(pageB, 'the conversations list'))

    // Cy: a member of the incident, not of the conversation.
    assert.equal((await controlC.call('threads', { incidentId })).length, 0)
    assert.equal((await controlC.call('dmList', { incidentId })).length, 0)
    assert.equal((await controlC.call('search', { incidentId, query: 'svc_backup' })).length, 0)
    assert.equal((await members.controlB.call('search', { incidentId, query: 'svc_backup' })).length, 1, 'Ben finds it')
    assert.equal(await conv(pageC, /, direct message/).count(), 0)
    assert.equal(await convList(pageC).getByText('None yet.').count(), 2, 'no thread and no direct message in Cy\'s list')
    assert.equal(await pageC.getByText(DM).count(), 0)
  })

  test('Ana starts a private thread with Ben and Cy, then takes Cy out of it', async () => {
    await convList(pageA).getByRole('button', { name: 'New private thread' }).click()
    const dialog = pageA.getByRole('dialog', { name: 'New private thread' })
    await dialog.getByRole('checkbox', { name: /Ben Okafor/ }).check()
    await dialog.getByRole('checkbox', { name: /Cy Tran/ }).check()
    await dialog.getByLabel('Title (optional)').fill(THREAD)
    findings.push(...await audit(pageA, 'the new private thread dialog'))
    await dialog.getByRole('button', { name: 'Create private thread' }).click()
    await pageA.getByRole('heading', { name: THREAD, level: 2 }).waitFor()
    await pageA.getByText('Only its 3 members can read this thread: you, Ben Okafor and Cy Tran.').waitFor()
    await composer(pageA, THREAD).fill('Counsel wants a call at 10:00.')
    await composer(pageA, THREAD).press('Enter')
    await message(pageA, 'Counsel wants a call at 10:00.').waitFor()

    const threadOn = (page: Page): Locator => conv(page, new RegExp(`^${THREAD}, .*private thread`))
    await until('the thread in Ben\'s list, 1 unread', async () => await threadOn(pageB).getAttribute('aria-label') === `${THREAD}, Ana Costa, Cy Tran, 1 unread, private thread`, 30_000)
    await until('the thread in Cy\'s list', async () => await threadOn(pageC).count() === 1, 30_000)
    await threadOn(pageC).click()
    await message(pageC, 'Counsel wants a call at 10:00.').waitFor()
    assert.equal(await pageC.getByText('Only its 3 members can read this thread: you, Ana Costa and Ben Okafor.').count(), 1)
    await pageC.locator('.thread-members summary').click()
    assert.equal(await pageC.getByRole('button', { name: /^Remove/ }).count(), 0, 'only the creator can remove')
    findings.push(...await audit(pageC, 'a private thread'))
    await shot(pageC, 'thread')

    await pageA.locator('.thread-members summary').click()
    await pageA.getByRole('button', { name: 'Remove Cy Tran from this thread' }).click()
    await pageA.getByRole('dialog', { name: 'Remove Cy Tran from this thread?' }).getByRole('button', { name: 'Remove' }).click()
    await pageA.getByText('Only its 2 members can read this thread: you and Ben Okafor.').waitFor({ timeout: 10_000 })
    await until('the thread gone from Cy\'s list', async () => await threadOn(pageC).count() === 0, 30_000)
    assert.equal(await conv(pageC, /^Incident chat/).getAttribute('aria-current'), 'true', 'Cy is back in the incident chat')
    await composer(pageA, THREAD).fill('Counsel says: no statement before noon.')
    await composer(pageA, THREAD).press('Enter')
    await threadOn(pageB).click()
    await message(pageB, 'no statement before noon').waitFor({ timeout: 30_000 })
    assert.equal((await controlC.call('threads', { incidentId })).length, 0)
    assert.equal((await controlC.call('search', { incidentId, query: 'noon' })).length, 0, 'Cy cannot read what follows his removal')
  })

  test('a reply in the incident chat shows its quote on the other side; a click on it goes to the original', async () => {
    await conv(pageB, /^Incident chat/).click()
    await composer(pageB, TITLE).fill(ORIGINAL)
    await composer(pageB, TITLE).press('Enter')
    // Ana is in the thread: the incident chat counts Ben's message as unread.
    await until('1 unread in Ana\'s incident chat', async () => await conv(pageA, /^Incident chat/).getAttribute('aria-label') === 'Incident chat, 1 unread, all members', 30_000)
    await conv(pageA, /^Incident chat/).click()
    assert.equal(await conv(pageA, /^Incident chat/).getAttribute('aria-label'), 'Incident chat, all members')
    const original = message(pageA, ORIGINAL)
    await original.waitFor({ timeout: 30_000 })
    await original.hover()
    await original.getByRole('button', { name: 'Reply' }).click()
    // At once, not a frame later: keys typed right after the click must not go to the Reply button.
    assert.equal(await pageA.evaluate('document.activeElement.classList.contains("composer-input")'), true, 'the message box has the focus as soon as Reply is clicked')
    await pageA.getByText(`Replying to Ben Okafor: ${ORIGINAL}`).waitFor()
    await pageA.keyboard.type(REPLY)
    await pageA.keyboard.press('Enter')
    await until('the reply bar gone once sent', async () => await pageA.locator('.replying-to').count() === 0)

    const reply = message(pageB, REPLY)
    await reply.waitFor({ timeout: 30_000 })
    const quote = reply.getByRole('button', { name: `In reply to Ben Okafor: ${ORIGINAL}` })
    await quote.waitFor()
    const originalId = await message(pageB, ORIGINAL).getAttribute('data-jump-id')
    assert.match(originalId ?? '', /:\d+$/)
    const stored = (await members.controlB.call('messages', { incidentId })).find(m => m.text === REPLY)
    assert.equal(stored?.replyTo, originalId, 'sent with replyTo')
    await message(pageB, ORIGINAL).evaluate(el => el.scrollIntoView()) // away from the reply's position
    await quote.click()
    await until('the original focused', async () => await focusedId(pageB) === originalId)
    assert.match(await message(pageB, ORIGINAL).getAttribute('class') ?? '', /is-jumped/)
    await shot(pageB, 'reply')
  })

  test('a pin shows in the other member\'s pinned bar, goes to the message, and an unpin clears it', async () => {
    const original = message(pageA, ORIGINAL)
    await original.hover()
    await original.getByRole('button', { name: 'Pin message' }).click()
    const bar = pageB.locator('.pinned-bar')
    const pinned = bar.getByRole('button', { name: `Ben Okafor: ${ORIGINAL}` })
    await pinned.waitFor({ timeout: 30_000 })
    assert.match(await pinned.getAttribute('title') ?? '', /^Pinned by Ana Costa at /)
    await until('the message marked pinned', async () => /, pinned$/.test(await message(pageB, ORIGINAL).getAttribute('aria-label') ?? ''))
    const originalId = await message(pageB, ORIGINAL).getAttribute('data-jump-id')
    await pageB.locator('.messages').evaluate(el => { el.scrollTop = el.scrollHeight })
    await pinned.click()
    await until('the pinned message focused', async () => await focusedId(pageB) === originalId)
    findings.push(...await audit(pageB, 'the pinned bar and a reply'))
    await shot(pageB, 'pinned')

    await message(pageB, ORIGINAL).hover()
    await message(pageB, ORIGINAL).getByRole('button', { name: 'Unpin message' }).click()
    await until('the pin gone from Ana\'s bar', async () => await pageA.locator('.pinned-bar').count() === 0, 30_000)
    assert.equal((await members.controlA.call('pins', { incidentId })).length, 0)
  })

  test('Ctrl+K finds an IP in every kind it is in, grouped; Enter goes to the message; a private result opens its conversation', async () => {
    await members.controlA.call('timelineAdd', { incidentId, occurredAt: '2026-03-02T02:14:00Z', text: `Outbound connection to ${IP} from build-07`, source: 'EDR' })
    await members.controlA.call('dmSend', { incidentId, peerId: 'Ben Okafor', text: `Is ${IP} the same C2 as last spring?` })
    await until('the DM on Ben\'s node', async () => (await members.controlB.call('dmList', { incidentId })).some(m => m.text.includes(IP)), 30_000)
    await until('the timeline entry on Ben\'s node', async () => (await members.controlB.call('timelineList', { incidentId })).some(e => e.text.includes(IP)), 30_000)
    // Ben is somewhere else: the Notes tab.
    await pageB.getByRole('tab', { name: 'Notes' }).click()
    await pageB.keyboard.press('Control+k')
    const dialog = pageB.getByRole('dialog', { name: `Search ${TITLE}` })
    await dialog.getByRole('combobox', { name: 'Search this incident' }).fill(IP)
    const results = dialog.getByRole('listbox', { name: 'Search results' })
    await until('three groups', async () => await results.getByRole('group').count() === 3)
    assert.deepEqual(await results.getByRole('group').evaluateAll(els => els.map(e => e.getAttribute('aria-label'))),
      ['Messages (1)', 'Direct messages (1)', 'Timeline (1)'])
    const first = results.getByRole('option').first()
    assert.equal(await first.getAttribute('aria-selected'), 'true')
    assert.match(await first.textContent() ?? '', new RegExp(`^${ORIGINAL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}Ben Okafor · .+ \\d\\d:\\d\\d$`))
    assert.equal(await first.locator('mark').textContent(), IP)
    assert.match(await results.getByRole('group', { name: 'Direct messages (1)' }).textContent() ?? '', /Ana Costa · .+ \d\d:\d\d · with Ana Costa$/)
    findings.push(...await audit(pageB, 'the search dialog'))
    await shot(pageB, 'search')
    await pageB.keyboard.press('Enter')
    await until('the dialog closed', async () => await dialog.count() === 0)
    await until('the Chat tab', async () => await pageB.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected') === 'true')
    const originalId = await message(pageB, ORIGINAL).getAttribute('data-jump-id', { timeout: 10_000 })
    await until('the message found, focused', async () => await focusedId(pageB) === originalId)
    assert.equal(await conv(pageB, /^Incident chat/).getAttribute('aria-current'), 'true')

    // The private result: ↓ then Enter opens the direct message with Ana at that message.
    await pageB.keyboard.press('Meta+k')
    await dialog.getByRole('combobox', { name: 'Search this incident' }).fill(IP)
    await until('the results again', async () => await results.getByRole('option').count() === 3)
    await pageB.keyboard.press('ArrowDown')
    assert.equal(await results.getByRole('option').nth(1).getAttribute('aria-selected'), 'true')
    await pageB.keyboard.press('Enter')
    await until('the direct message open', async () => await dm(pageB, 'Ana Costa').getAttribute('aria-current') === 'true')
    const dmId = (await members.controlB.call('dmList', { incidentId })).find(m => m.text.includes(IP))?.id
    await until('the private message focused', async () => await focusedId(pageB) === dmId)

    // Cy finds the incident chat's message, and nothing of the private one.
    await pageC.keyboard.press('Control+k')
    await pageC.getByRole('combobox', { name: 'Search this incident' }).fill(IP)
    const resultsC = pageC.getByRole('listbox', { name: 'Search results' })
    await until('Cy\'s results', async () => await resultsC.getByRole('option').count() >= 2)
    assert.deepEqual(await resultsC.getByRole('group').evaluateAll(els => els.map(e => e.getAttribute('aria-label'))), ['Messages (1)', 'Timeline (1)'])
    await pageC.getByRole('combobox', { name: 'Search this incident' }).fill('svc_backup')
    await pageC.getByText('Nothing found for “svc_backup”.').waitFor()
    await pageC.keyboard.press('Escape')
  })

  test('a note and a task found by search open in their tabs', async () => {
    await members.controlA.call('noteAppend', { incidentId, name: 'Hosts', text: 'jumpbox-13 reimaged from the golden image.' })
    const { id: taskId } = await members.controlA.call('taskAdd', { incidentId, title: 'Rotate the SSH keys of jumpbox-13' })
    await until('both on Ben\'s node', async () => (await members.controlB.call('search', { incidentId, query: 'jumpbox-13' })).length === 2, 30_000)
    const search = async (): Promise<Locator> => {
      await pageB.keyboard.press('Control+k')
      await pageB.getByRole('combobox', { name: 'Search this incident' }).fill('jumpbox-13')
      const results = pageB.getByRole('listbox', { name: 'Search results' })
      await until('the note and the task', async () => await results.getByRole('option').count() === 2)
      return results
    }
    const results = await search()
    assert.deepEqual(await results.getByRole('group').evaluateAll(els => els.map(e => e.getAttribute('aria-label'))), ['Notes (1)', 'Tasks (1)'])
    await pageB.keyboard.press('Enter')
    await until('the Notes tab, the note open', async () => await pageB.getByRole('button', { name: /^Hosts/ }).getAttribute('aria-current') === 'true')
    assert.equal(await pageB.getByRole('tab', { name: 'Notes' }).getAttribute('aria-selected'), 'true')
    await until('the note focused', async () => await focusedId(pageB) === 'Hosts')
    await search()
    await pageB.keyboard.press('ArrowDown')
    await pageB.keyboard.press('Enter')
    await until('the task card focused', async () => await focusedId(pageB) === taskId)
    assert.equal(await pageB.getByRole('tab', { name: 'Tasks' }).getAttribute('aria-selected'), 'true')
  })

  test('a long chat is shown a page at a time: Show earlier messages keeps the place; a result far back loads the pages it needs', async () => {
    const FIRST = 'Earliest note of the night: qx7-beacon seen on build-02.'
    await members.controlA.call('sendMessage', { incidentId, text: FIRST })
    for (let i = 1; i <= 420; i++) await members.controlA.call('sendMessage', { incidentId, text: `history line ${i}` })
    await until('all of it on Ben\'s node', async () => (await members.controlB.call('messages', { incidentId, limit: 1 }))[0]?.text === 'history line 420', 60_000)
    await pageB.getByRole('tab', { name: 'Chat' }).click()
    await conv(pageB, /^Incident chat/).click()
    await message(pageB, 'history line 420').waitFor()
    const earlier = pageB.getByRole('button', { name: 'Show earlier messages' })
    await earlier.waitFor()
    const shown = async (): Promise<number> => await pageB.locator('article.message').count()
    assert.ok(await shown() <= 200, `one page first (${await shown()} messages shown)`)
    assert.equal(await message(pageB, FIRST).count(), 0, 'the oldest message is not loaded yet')
    const oldestShown = pageB.locator('article.message .message-text').first()
    const oldestText = await oldestShown.textContent() ?? ''
    await earlier.click()
    await until('a page more', async () => await shown() > 200)
    const kept = message(pageB, oldestText)
    assert.ok(await kept.isVisible(), 'the message that was at the top is still in view')
    await shot(pageB, 'earlier')

    // The first message, four pages back: search finds it, and the chat loads what it needs to show it.
    await pageB.keyboard.press('Control+k')
    await pageB.getByRole('combobox', { name: 'Search this incident' }).fill('qx7-beacon')
    await until('one result', async () => await pageB.getByRole('listbox', { name: 'Search results' }).getByRole('option').count() === 1)
    await pageB.keyboard.press('Enter')
    const firstId = (await members.controlB.call('search', { incidentId, query: 'qx7-beacon' }))[0]?.id
    await until('the earliest message focused', async () => await focusedId(pageB) === firstId, 20_000)
    assert.ok(await message(pageB, FIRST).isVisible())
  })

  test('the new screens pass axe-core in every theme, and the shortcuts list Ctrl+K', async () => {
    await pageA.getByRole('button', { name: 'Keyboard shortcuts' }).click()
    await pageA.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Search the incident').waitFor()
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})

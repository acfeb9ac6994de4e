// The chat as an incident record (issue 11), in a real Chromium against three real daemons: system
// lines for joins, a removal and its key rotation in time order among the messages; who reacted;
// code, hashes and addresses in monospace and markup shown as text; one delivery state per run of
// one's own messages; who has seen them; "verified" next to a verified member's name; a message
// added to the timeline.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { ChatMessage, MemberInfo, MessageReaders, TimelineEntry } from '../../p2p/api/types.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'

const TITLE = 'BEC at finance'
const HASH = '9f86d081884c7d659a2feaea0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0'
const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url)

describe('the chat as an incident record', { timeout: 240_000 }, () => {
  let browser: Browser
  let ana: RunningDaemon, ben: RunningDaemon, carl: RunningDaemon
  let ui: UiProcess
  let page: Page
  let incidentId: string
  let blocked: string

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`)
    const start = async (name: string): Promise<RunningDaemon> => await startDaemon(await makeTempDir('lifeboat-chat-'), [...LOOPBACK_ARGS, '--name', name])
    ;[ana, ben, carl] = await Promise.all([start('Ana Costa'), start('Ben Okafor'), start('Carl Diaz')])
    ;({ incidentId } = await lifeboat<{ incidentId: string }>(ana.dir, 'incident', 'create', TITLE))
    for (const member of [ben, carl]) {
      const { invite } = await lifeboat<{ invite: string }>(ana.dir, 'invite', 'create', incidentId)
      await lifeboat(member.dir, 'join', invite, '--timeout', '30s')
    }
    ;({ id: blocked } = await lifeboat<{ id: string }>(ana.dir, 'send', incidentId, 'Blocked `10.0.4.17` and 2001:db8::7 at the firewall'))
    await lifeboat(ana.dir, 'send', incidentId, `Dropper hash ${HASH}`)
    await lifeboat(ana.dir, 'send', incidentId, 'Rule:\n```\niptables -A INPUT -s 10.0.4.17 -j DROP\n```')
    for (const member of [ben, carl]) {
      await until('Ana\'s message on every member', async () => (await lifeboat<ChatMessage[]>(member.dir, 'messages', incidentId)).some(m => m.id === blocked))
      await lifeboat(member.dir, 'react', incidentId, blocked, '👍')
    }
    await lifeboat(ben.dir, 'send', incidentId, 'Thanks <b>Ana</b>, mailbox rules next')
    await until('reactions and Ben\'s message at Ana', async () => {
      const ms = await lifeboat<ChatMessage[]>(ana.dir, 'messages', incidentId)
      return ms.some(m => m.text.startsWith('Thanks')) && ms.find(m => m.id === blocked)?.reactions['👍']?.length === 2
    })
    await lifeboat(ana.dir, 'verify', incidentId, 'Ben Okafor')
    await lifeboat(ana.dir, 'remove', incidentId, 'Carl Diaz')
    await lifeboat(ana.dir, 'send', incidentId, 'Carl is off the incident')
    await lifeboat(ana.dir, 'send', incidentId, 'Next: reset the mailbox rules')
    ui = await startUi(ana.dir)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.on('pageerror', err => { process.stderr.write(`page error: ${err.message}\n`) })
    await page.goto(ui.url)
    await page.locator('.incident-item', { hasText: TITLE }).click()
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
    await page.locator('.message-text', { hasText: 'reset the mailbox rules' }).waitFor()
    await mkdir(ARTIFACTS, { recursive: true })
    await page.screenshot({ path: new URL('chat-record.png', ARTIFACTS).pathname })
  })

  after(async () => {
    await browser?.close().catch(() => undefined)
    await ui?.stop().catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  /** Every message and system line in the chat, in the order shown: "* line" or the message text. */
  const record = async (): Promise<string[]> => await page.locator('.messages .system-line .system-text, .messages .message .message-text').evaluateAll(els =>
    els.map(el => el.classList.contains('system-text') ? `* ${el.textContent ?? ''}` : (el.textContent ?? '')))

  test('joins, a removal and its key rotation show as system lines, in time order among the messages', async () => {
    const shown = await record()
    const at = (text: string): number => shown.findIndex(s => s.includes(text))
    assert.ok(at('* Ben Okafor joined as responder (invited by Ana Costa)') >= 0, shown.join('\n'))
    assert.ok(at('* Carl Diaz joined as responder (invited by Ana Costa)') < at('Blocked'), shown.join('\n'))
    assert.ok(at('Thanks') < at('* Ana Costa removed Carl Diaz'), shown.join('\n'))
    assert.ok(at('* Ana Costa removed Carl Diaz') < at('* Keys rotated after Carl Diaz\'s removal'), shown.join('\n'))
    assert.ok(at('* Keys rotated after Carl Diaz\'s removal') < at('Carl is off the incident'), shown.join('\n'))
  })

  test('a reaction says who reacted, removed members included', async () => {
    const chip = page.locator('.message', { hasText: 'Blocked' }).locator('.reaction')
    assert.equal(await chip.getAttribute('title'), '👍 2: Ben Okafor, Carl Diaz')
    await page.getByRole('button', { name: '👍 2: Ben Okafor, Carl Diaz' }).waitFor()
  })

  test('code, hashes and addresses are monospace; markup is text', async () => {
    const codes = await page.locator('.message-text code').allTextContents()
    for (const want of ['10.0.4.17', '2001:db8::7', HASH, 'iptables -A INPUT -s 10.0.4.17 -j DROP']) assert.ok(codes.includes(want), `${want} in ${JSON.stringify(codes)}`)
    assert.equal(await page.locator('.message-text pre.code-block').count(), 1)
    const thanks = page.locator('.message-text', { hasText: 'Thanks' })
    assert.equal(await thanks.textContent(), 'Thanks <b>Ana</b>, mailbox rules next')
    assert.equal(await thanks.locator('b').count(), 0, 'no element from a message\'s text')
  })

  test('one delivery state per run of one\'s own messages', async () => {
    await until('Ana\'s messages sent', async () => (await page.locator('.message.is-mine .delivery').allTextContents()).every(t => t.includes('Sent')))
    // Two runs: the three before Ben's message, and the two after the removal.
    assert.equal(await page.locator('.message.is-mine .delivery').count(), 2)
    for (const last of ['Rule:', 'reset the mailbox rules']) assert.equal(await page.locator('.message.is-mine', { hasText: last }).locator('.delivery').count(), 1, last)
  })

  test('who has seen: a member\'s read receipt names it under one\'s message (all, with when, on hover); the open chat tells the others what one read', async () => {
    await until('Ana\'s last message at Ben', async () => (await lifeboat<ChatMessage[]>(ben.dir, 'messages', incidentId)).some(m => m.text.includes('reset the mailbox rules')))
    await lifeboat(ben.dir, 'read', incidentId)
    const seen = page.locator('.message.is-mine', { hasText: 'reset the mailbox rules' }).locator('.seen-by')
    await seen.waitFor({ timeout: 20_000 })
    assert.equal(await seen.textContent(), ' · seen by Ben Okafor')
    assert.match(await seen.getAttribute('title') ?? '', /^Seen by Ben Okafor at \d\d:\d\d/)
    await page.screenshot({ path: new URL('chat-seen-by.png', ARTIFACTS).pathname })
    // Ana's page shows the chat scrolled to its end: her node says she read Ben's message.
    const thanks = (await lifeboat<ChatMessage[]>(ben.dir, 'messages', incidentId)).find(m => m.text.startsWith('Thanks')) as ChatMessage
    await until('Ana\'s receipt at Ben', async () => (await lifeboat<MessageReaders>(ben.dir, 'seen', incidentId, thanks.id)).seenBy.some(r => r.name === 'Ana Costa'))
    assert.deepEqual((await lifeboat<MessageReaders>(ben.dir, 'seen', incidentId, thanks.id)).notYet, [], 'Carl was removed: nobody left to read it')
  })

  test('"verified" next to the name of a member whose fingerprint Ana verified', async () => {
    const members = await lifeboat<MemberInfo[]>(ana.dir, 'members', incidentId)
    assert.equal(members.find(m => m.name === 'Ben Okafor')?.verified, true)
    assert.equal(await page.locator('.message', { hasText: 'Thanks' }).locator('.verified-tag').textContent(), 'verified')
    assert.equal(await page.locator('.message.is-mine .verified-tag').count(), 0)
  })

  test('a chat message goes to the timeline with its text, time and author', async () => {
    const message = page.locator('.message', { hasText: 'Thanks' })
    await message.hover()
    await message.getByRole('button', { name: 'Add to timeline' }).click()
    await page.getByText('Added to the timeline').waitFor()
    const sent = (await lifeboat<ChatMessage[]>(ana.dir, 'messages', incidentId)).find(m => m.text.startsWith('Thanks')) as ChatMessage
    const entries = await lifeboat<TimelineEntry[]>(ana.dir, 'timeline', 'list', incidentId)
    assert.deepEqual(entries.map(e => [e.text, e.source]), [[sent.text, 'chat message by Ben Okafor']])
    assert.ok(Math.abs(Date.parse(entries[0]?.occurredAt ?? '') - sent.ts) < 1_000, `${entries[0]?.occurredAt ?? ''} is when the message was written`)
  })
})

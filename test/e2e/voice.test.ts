// Voice calls (issue 18) in real Chromium pages of three members, every process inside a network
// namespace with only loopback up (voice-support.ts), Chromium with fake audio devices: Ana and
// Ben join, then Cy; each page ends with two connected media connections, both verified against
// the signed fingerprint, audio bytes from both growing, and only 127.0.0.1 candidates; `call
// status` lists the three. Cy leaves: its connections close and its audio stops, Ana and Ben keep
// one each, status shows two. Ana opens another incident: the call goes on, the sidebar marks
// the incident it is in. Ana mutes: Ben receives silence, and her voice again while she holds
// Space (push-to-talk). Ana removes Cy: Cy's node refuses his "Join call" (the page says
// why) and nobody gets a connection from him. Ben comes back from a page that rewrites the DTLS
// fingerprint in the SDP it gives its node: Ana's connection to him fails or is not verified and
// no audio flows either way. The call bar passes axe-core. Prints `# voice: join → first audio`.
// Screenshots: test-artifacts/voice*.png.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import type { CallStatus } from '../../p2p/api/types.js'
import { cleanupCli, runCli } from '../support/cli.js'
import { netnsUnavailable, withLoopbackNetns } from '../support/netns.js'
import { audit, describeFindings } from './a11y-support.js'
import { CHROMIUM, until } from './browser.js'
import { stopAllUi } from './ui-servers.js'
import { readPcs, voiceRoom, type Member, type PcReading } from './voice-support.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Domain controller compromised'
const NAMES = ['Ana Costa', 'Ben Okafor', 'Cy Tran']
const skip = netnsUnavailable() ?? (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing`)

const connected = (pcs: PcReading[]): PcReading[] => pcs.filter(pc => pc.state === 'connected')
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })
const bar = (page: Page) => page.getByRole('region', { name: 'Voice call' })
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

/** The row of `name` in `page`'s call bar: its data-state is the media connection's state. */
async function linkState (page: Page, name: string): Promise<string | null> {
  const row = bar(page).getByRole('listitem').filter({ hasText: name })
  return await row.count() === 1 ? await row.getAttribute('data-state') : null
}

async function status (member: Member, incidentId: string): Promise<CallStatus> {
  return await member.control.call('callStatus', { incidentId })
}

/** What each page's call bar and connections show, for a failure message. */
async function describeCall (members: Member[]): Promise<string> {
  const lines = await Promise.all(members.map(async m => {
    const rows = await bar(m.page).getByRole('listitem').evaluateAll(items => items.map(li => `${li.getAttribute('data-state')}: ${(li.textContent ?? '').slice(0, 40)}`))
    const pcs = (await readPcs(m.page)).map(pc => `${pc.state}/${pc.packets}`)
    return `${m.name}: rows [${rows.join('; ')}], connections [${pcs.join(', ')}]`
  }))
  return lines.join('\n')
}

/** Polls like until(), and on time-out says what every page shows. */
async function waitCall (members: Member[], what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  try {
    await until(what, check, timeoutMs)
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await describeCall(members)}`, { cause: err })
  }
}

/** Joins from the page and waits until the bar says so. */
async function joinCall (member: Member): Promise<void> {
  await button(member.page, 'Join call').click()
  await button(member.page, 'Leave call').waitFor()
}

describe('voice calls in the UI (three members, loopback-only namespace)', { skip, timeout: 180_000 }, () => {
  test('join, hear each other, leave, removal, tampered signalling', async (t) => {
    await mkdir(ARTIFACTS, { recursive: true })
    await withLoopbackNetns(async (ns) => {
      const room = await voiceRoom(ns, TITLE, NAMES)
      try {
        const [ana, ben, cy] = room.members as [Member, Member, Member]
        const { incidentId } = room

        await t.test('three pages join; each receives audio from the other two, over 127.0.0.1 only', async () => {
          await joinCall(ana)
          await joinCall(ben)
          await waitCall(room.members, 'Ana and Ben connected', async () => connected(await readPcs(ana.page)).length === 1 && connected(await readPcs(ben.page)).length === 1, 20_000)
          await joinCall(cy)
          await waitCall(room.members, 'Cy has two connections', async () => connected(await readPcs(cy.page)).length === 2, 20_000)
          for (const m of room.members) {
            await waitCall(room.members, `${m.name}: two connected`, async () => connected(await readPcs(m.page)).length === 2, 20_000)
          }
          const figures = await Promise.all([ben, cy].map(async m => await m.page.evaluate('window.__firstAudioMs') as number | undefined))
          t.diagnostic(`voice: join → first audio ${Math.round(figures[1] ?? NaN)} ms (Cy joining a call of two; Ben joining Ana: ${Math.round(figures[0] ?? NaN)} ms)`)

          const first = await Promise.all(room.members.map(async m => await readPcs(m.page)))
          await sleep(1500)
          for (const [i, m] of room.members.entries()) {
            const before = connected(first[i] ?? [])
            const after = connected(await readPcs(m.page))
            assert.equal(after.length, 2, `${m.name}: two connected media connections\n${await describeCall(room.members)}`)
            for (const [k, pc] of after.entries()) {
              assert.ok(pc.bytes > (before[k]?.bytes ?? 0) && pc.packets > 0, `${m.name}: audio bytes from connection ${k} grow (${before[k]?.bytes} → ${pc.bytes})`)
            }
            const all = await readPcs(m.page)
            const addrs = all.flatMap(pc => [...pc.addrs, ...pc.sdpAddrs])
            assert.ok(addrs.length > 0)
            assert.deepEqual([...new Set(addrs)], ['127.0.0.1'], `${m.name}: every ICE candidate is loopback`)
            for (const other of room.members.filter(o => o !== m)) {
              await until(`${m.name} sees ${other.name} verified`, async () => await linkState(m.page, other.name) === 'verified', 10_000)
            }
          }

          const viaCli = await runCli(['call', 'status', '--data', cy.daemon.dir, '--json', incidentId])
          assert.equal(viaCli.code, 0, viaCli.stderr)
          for (const s of [JSON.parse(viaCli.stdout) as CallStatus, await status(ana, incidentId)]) {
            assert.equal(s.active, true)
            assert.deepEqual(s.participants.map(p => p.name).sort(), NAMES)
            for (const p of s.participants) assert.ok(p.since > Date.now() - 120_000 && p.since <= Date.now() + 5000, `${p.name} since ${p.since}`)
          }
          await ana.page.screenshot({ path: join(ARTIFACTS, 'voice-call.png') })
          const findings = await audit(ana.page, 'the incident with the call bar, in a call of three')
          assert.equal(findings.length, 0, describeFindings(findings))
          await ben.page.evaluate('document.documentElement.dataset.theme = "dark"')
          await ben.page.screenshot({ path: join(ARTIFACTS, 'voice-call-dark.png') })
          await ben.page.evaluate('document.documentElement.dataset.theme = "light"')
        })

        await t.test('Cy leaves: his connections close and his audio stops; Ana and Ben keep one each', async () => {
          await button(cy.page, 'Leave call').click()
          await button(cy.page, 'Join call').waitFor()
          await until('Cy\'s connections closed', async () => (await readPcs(cy.page)).every(pc => pc.state === 'closed'), 5000)
          const total = async (): Promise<number> => (await readPcs(cy.page)).reduce((sum, pc) => sum + pc.bytes, 0)
          const before = await total()
          for (const m of [ana, ben]) await until(`${m.name}: one connection left`, async () => connected(await readPcs(m.page)).length === 1, 10_000)
          await until('status shows two', async () => (await status(ana, incidentId)).participants.length === 2, 10_000)
          const ab = await Promise.all([ana, ben].map(async m => connected(await readPcs(m.page))[0]?.bytes ?? 0))
          await sleep(1200)
          assert.equal(await total(), before, 'Cy receives nothing after leaving')
          for (const [i, m] of [ana, ben].entries()) {
            assert.ok((connected(await readPcs(m.page))[0]?.bytes ?? 0) > (ab[i] ?? 0), `${m.name} still hears the other`)
          }
          assert.deepEqual((await status(ben, incidentId)).participants.map(p => p.name).sort(), ['Ana Costa', 'Ben Okafor'])
        })

        await t.test('the call survives switching incidents; the sidebar marks the one Ana is in', async () => {
          const item = (title: string) => ana.page.getByRole('navigation', { name: 'Incidents and teams' }).getByRole('button', { name: new RegExp(`^${title}`) })
          // A new incident opens at once, as a switch from the sidebar would.
          await ana.page.getByRole('button', { name: 'New incident' }).first().click()
          await ana.page.getByLabel('Title').fill('Phishing wave')
          await ana.page.getByRole('button', { name: 'Create incident' }).click()
          await ana.page.getByRole('heading', { name: 'Phishing wave', level: 1 }).waitFor()
          assert.match(await item(TITLE).getAttribute('aria-label') ?? '', /, you are in its call$/)
          await bar(ana.page).getByText(`You are in the call of “${TITLE}”; joining this one leaves it.`).waitFor()
          const before = connected(await readPcs(ben.page))[0]?.bytes ?? 0
          await sleep(1000)
          assert.equal(connected(await readPcs(ana.page)).length, 1)
          assert.ok((connected(await readPcs(ben.page))[0]?.bytes ?? 0) > before, 'Ben still hears Ana')
          await item(TITLE).click()
          await button(ana.page, 'Leave call').waitFor()
        })

        await t.test('Mute silences Ana for Ben; holding Space talks while muted', async () => {
          const energy = async (): Promise<number> => connected(await readPcs(ben.page))[0]?.energy ?? 0
          /** How much audio energy Ben receives over 1.5 s, once what was in flight has played. */
          const heard = async (): Promise<number> => { await sleep(500); const from = await energy(); await sleep(1500); return await energy() - from }
          const speaking = await heard()
          assert.ok(speaking > 0, 'Ben hears Ana')
          const mute = button(ana.page, 'Mute')
          assert.equal(await mute.getAttribute('aria-pressed'), 'false')
          await mute.click()
          assert.equal(await mute.getAttribute('aria-pressed'), 'true')
          const muted = await heard()
          await ana.page.screenshot({ path: join(ARTIFACTS, 'voice-muted.png') })
          await ana.page.evaluate('document.activeElement.blur()') // Space on the focused Mute button would press it
          await ana.page.keyboard.down('Space')
          const held = await heard()
          await ana.page.keyboard.up('Space')
          const released = await heard()
          t.diagnostic(`voice: Ben's received audio energy per 1.5 s: speaking ${speaking.toExponential(2)}, muted ${muted.toExponential(2)}, Space held ${held.toExponential(2)}, released ${released.toExponential(2)}`)
          assert.ok(muted < speaking / 100, 'muted: Ben hears silence')
          assert.ok(held > speaking / 10, 'push-to-talk: Ben hears Ana while Space is held')
          assert.ok(released < speaking / 100, 'released: silence again')
          assert.equal(await mute.getAttribute('aria-pressed'), 'true', 'Space did not press Mute')
          await mute.click()
          assert.equal(await mute.getAttribute('aria-pressed'), 'false')
        })

        await t.test('a removed member cannot join: his node refuses and nobody gets a connection from him', async () => {
          const peerId = (await cy.control.call('whoami', {})).peerId
          const pcsBefore = await Promise.all([ana, ben].map(async m => (await readPcs(m.page)).length))
          await ana.control.call('removeMember', { incidentId, peerId })
          await cy.page.getByRole('alert').filter({ hasText: 'You were removed from this incident by Ana Costa' }).waitFor({ timeout: 15_000 })
          const cyPcs = (await readPcs(cy.page)).length
          await button(cy.page, 'Join call').click()
          const refusal = bar(cy.page).getByRole('alert')
          await refusal.waitFor()
          assert.match(await refusal.innerText(), /You cannot join this call: .*remov/i)
          await assert.rejects(cy.control.call('callJoin', { incidentId }), (err: Error & { code?: string }) => err.code === 'not-authorized')
          await sleep(2000)
          assert.equal((await readPcs(cy.page)).length, cyPcs, 'Cy\'s page made no connection')
          for (const [i, m] of [ana, ben].entries()) {
            assert.equal((await readPcs(m.page)).length, pcsBefore[i], `${m.name} got no connection from Cy`)
            assert.equal(connected(await readPcs(m.page)).length, 1)
          }
          assert.equal((await status(ana, incidentId)).participants.length, 2)
          await cy.page.screenshot({ path: join(ARTIFACTS, 'voice-removed.png') })
        })

        await t.test('tampered signalling: a fingerprint that is not the page\'s certificate gets no media through', async () => {
          await button(ben.page, 'Leave call').click()
          await until('Ana alone', async () => connected(await readPcs(ana.page)).length === 0, 10_000)
          await ben.context.close()
          const forged = await room.openPage(ben, { tamper: true })
          const anaBefore = (await readPcs(ana.page)).length
          await button(forged.page, 'Join call').click()
          await until('the forged SDP sent', async () => await forged.page.evaluate('window.__tampered') as number > 0, 15_000)
          await until('Ana\'s connection to Ben refused', async () => ['failed', 'not-verified'].includes(await linkState(ana.page, 'Ben Okafor') ?? ''), 20_000)
          await ana.page.screenshot({ path: join(ARTIFACTS, 'voice-tampered.png') })
          const fresh = (await readPcs(ana.page)).slice(anaBefore)
          assert.ok(fresh.length > 0, 'Ana tried')
          for (const pc of fresh) {
            assert.equal(pc.packets, 0, 'no audio from the forged page reached Ana')
            assert.notEqual(pc.state, 'connected')
          }
          for (const pc of await readPcs(forged.page)) assert.equal(pc.packets, 0, 'no audio reached the forged page')
          await forged.context.close()
        })
      } finally {
        await room.close()
      }
    }, 'voice').finally(async () => {
      await stopAllUi()
      await cleanupCli()
    })
  })
})

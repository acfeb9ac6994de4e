// What the voice e2e (voice.test.ts) runs inside its loopback-only network namespace: three member
// daemons, their `lifeboat ui` servers and one Chromium, all started with `ip netns exec`, so
// WebRTC can only ever find 127.0.0.1 and no media touches a real network card. The test process
// stays outside and drives the daemons through their control sockets (Unix path sockets belong
// to the filesystem, not to a namespace). The pages are watched through init scripts, not app
// hooks: one wraps RTCPeerConnection to keep every instance and read their stats, one can rewrite
// the DTLS fingerprint in the SDP a page sends to its node (tampered signalling).
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.js'
import { startUi, type UiProcess } from './ui-servers.js'

export const VOICE_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required']

/**
 * Keeps every RTCPeerConnection the page makes; `__voice()` reads them: state, inbound audio
 * bytes, packets and energy (a closed connection keeps its last reading, so a total over all of them
 * stops growing when they close), and every candidate address in the stats and in both SDPs.
 * A click on "Join call" starts a 50 ms poll that records when the first audio packet arrived.
 */
const TRACKER = `(() => {
  const Native = window.RTCPeerConnection
  const pcs = []
  const last = new WeakMap()
  window.RTCPeerConnection = class extends Native {
    constructor (...args) { super(...args); this.__createdAt = performance.now(); pcs.push(this) }
  }
  const candidates = (sdp) => [...(sdp || '').matchAll(/^a=candidate:\\S+ \\d+ \\S+ \\d+ (\\S+) /gm)].map(m => m[1])
  window.__voice = async () => {
    const out = []
    for (const pc of pcs) {
      const seen = last.get(pc) || { bytes: 0, packets: 0, energy: 0, addrs: [] }
      if (pc.connectionState !== 'closed') {
        try {
          const stats = await pc.getStats()
          const now = { bytes: 0, packets: 0, energy: 0, addrs: [] }
          stats.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio') { now.bytes += s.bytesReceived || 0; now.packets += s.packetsReceived || 0; now.energy += s.totalAudioEnergy || 0 }
            if (s.type === 'local-candidate' || s.type === 'remote-candidate') now.addrs.push(s.address || s.ip)
          })
          last.set(pc, now)
          Object.assign(seen, now)
        } catch {}
      }
      out.push({ state: pc.connectionState, createdAt: pc.__createdAt, bytes: seen.bytes, packets: seen.packets, energy: seen.energy, addrs: seen.addrs,
        sdpAddrs: [...candidates(pc.localDescription && pc.localDescription.sdp), ...candidates(pc.remoteDescription && pc.remoteDescription.sdp)] })
    }
    return out
  }
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null
    if (button === null || !/Join call/.test(button.textContent || '')) return
    const at = performance.now()
    window.__firstAudioMs = undefined
    const poll = setInterval(async () => {
      const all = await window.__voice()
      if (all.some(pc => pc.createdAt >= at && pc.packets > 0)) { window.__firstAudioMs = performance.now() - at; clearInterval(poll) }
      else if (performance.now() - at > 30000) clearInterval(poll)
    }, 50)
  }, true)
})()`

/**
 * A member whose page lies to its own node: every SDP it sends with callSignal (browser mode: a
 * JSON call over the page's WebSocket) gets another, well-formed a=fingerprint (each hex digit
 * moved by one). The node signs what it is given, so the others receive a valid, signed SDP whose
 * fingerprint is not the one of the certificate this browser will present.
 */
const TAMPER = `(() => {
  window.__tampered = 0
  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"callSignal"')) {
      const msg = JSON.parse(data)
      if (msg.method === 'callSignal' && typeof msg.params.sdp === 'string') {
        msg.params.sdp = msg.params.sdp.replace(/^(a=fingerprint:sha-256 )([0-9A-Fa-f:]+)/gm,
          (_, head, hex) => head + hex.replace(/[0-9A-Fa-f]/g, d => ((parseInt(d, 16) + 1) % 16).toString(16).toUpperCase()))
        window.__tampered++
        data = JSON.stringify(msg)
      }
    }
    return send.call(this, data)
  }
})()`

/** `energy`: the receiver's totalAudioEnergy, which stops growing while the sender is silent (muted). */
export interface PcReading { state: string, createdAt: number, bytes: number, packets: number, energy: number, addrs: string[], sdpAddrs: string[] }

export async function readPcs (page: Page): Promise<PcReading[]> {
  return await page.evaluate('window.__voice()') as PcReading[]
}

export interface Member { name: string, daemon: RunningDaemon, control: ControlClient, ui: UiProcess, context: BrowserContext, page: Page }

export interface VoiceRoom {
  incidentId: string
  browser: Browser
  members: Member[]
  /** A new page (own context) for `member`'s UI, with the tracker and, if asked, the tampering and one more init script. */
  openPage: (member: Member, opts?: { tamper?: boolean, init?: string }) => Promise<{ context: BrowserContext, page: Page }>
  close: () => Promise<void>
}

/** Chromium inside `ns`: playwright-core starts this wrapper, which execs Chromium there (the debugging pipe survives exec). */
async function chromiumIn (ns: string): Promise<Browser> {
  const dir = await makeTempDir('lifeboat-voice-chromium-')
  const wrapper = join(dir, 'chromium-in-netns.sh')
  await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec '${ns}' ${CHROMIUM} "$@"\n`)
  await chmod(wrapper, 0o755)
  return await chromium.launch({ executablePath: wrapper, args: [...CHROMIUM_ARGS, ...VOICE_ARGS] })
}

/** Three members (the first is the admin) of one incident titled `title`, each with a page open on it, all in namespace `ns`. */
export async function voiceRoom (ns: string, title: string, names: string[]): Promise<VoiceRoom> {
  const dirs = await Promise.all(names.map(async (_, i) => await makeTempDir(`lifeboat-voice-${i}-`)))
  const daemons = await Promise.all(dirs.map(async (dir, i) => await startDaemon(dir, [...LOOPBACK_ARGS, '--name', names[i] ?? ''], { netns: ns })))
  const controls = await Promise.all(dirs.map(async dir => await connectControl(dir)))
  const [admin, ...others] = controls as [ControlClient, ...ControlClient[]]
  const { incidentId } = await admin.call('createIncident', { title })
  for (const control of others) {
    const { invite } = await admin.call('createInvite', { incidentId, role: 'responder', expiresInMs: 600_000, uses: 1 })
    await control.call('join', { invite })
  }
  const uis = await Promise.all(dirs.map(async dir => await startUi(dir, [], 30_000, { netns: ns })))
  const browser = await chromiumIn(ns)
  const openPage = async (member: { name: string, ui: UiProcess }, { tamper = false, init }: { tamper?: boolean, init?: string } = {}): Promise<{ context: BrowserContext, page: Page }> => {
    // bypassCSP: only so the axe-core script can be injected for the audit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', bypassCSP: true })
    await context.addInitScript(TRACKER)
    if (tamper) await context.addInitScript(TAMPER)
    if (init !== undefined) await context.addInitScript(init)
    const page = await context.newPage()
    page.on('pageerror', err => { process.stderr.write(`${member.name}'s page error: ${err.message}\n`) })
    page.on('console', msg => { if (msg.type() === 'warning' || msg.type() === 'error') process.stderr.write(`${member.name}'s page: ${msg.text()}\n`) })
    await page.goto(member.ui.url) // the printed URL carries the page's token
    await page.getByRole('heading', { name: title, level: 1 }).waitFor()
    return { context, page }
  }
  const members: Member[] = []
  try {
    for (const [i, name] of names.entries()) {
      const base = { name, daemon: daemons[i] as RunningDaemon, control: controls[i] as ControlClient, ui: uis[i] as UiProcess }
      members.push({ ...base, ...await openPage(base) })
    }
  } catch (err) {
    await browser.close().catch(() => undefined) // it lives in the namespace: deleting the name would not end it
    throw err
  }
  return {
    incidentId,
    browser,
    members,
    openPage,
    close: async () => {
      for (const c of controls) c.close()
      await browser.close().catch(() => undefined)
      await Promise.all(uis.map(async ui => await ui.stop().catch(() => undefined)))
      await Promise.all(daemons.map(async d => await d.stop().catch(() => null)))
    }
  }
}

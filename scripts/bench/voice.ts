// Scenario: voice calls (issue 18). Two members' daemons, their `lifeboat ui` servers and one
// Chromium with fake audio devices, all inside a network namespace with only loopback up
// (test/e2e/voice-support.ts; skipped where `ip netns` is not permitted or Chromium is missing).
//   join → first audio   from the click on "Join call" in the second page to its first audio
//                        packet from the first (signalling through both nodes, ICE, DTLS)
//   mouth-to-ear         a 1 kHz burst put on the first page's outgoing track (a WebAudio
//                        oscillator in place of the microphone) until the second page's
//                        analyser on the incoming track hears it: encoder, RTP over loopback,
//                        jitter buffer and decoder; no real microphone or speaker
// Baseline, same browser and run: two RTCPeerConnections in one page given each other's SDP
// directly, the same measures without Lifeboat between them.
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { netnsUnavailable, withLoopbackNetns } from '../../test/support/netns.js'
import { CHROMIUM } from '../../test/e2e/browser.js'
import { voiceRoom, type Member } from '../../test/e2e/voice-support.js'
import { row, type Row, type ScenarioContext } from './report.js'
import { median, sleep } from './stats.js'

/** In every page: the connections it makes (`__benchPcs`), a tone sender and an onset detector, by the page's own clock. */
const PROBE = `(() => {
  const Native = window.RTCPeerConnection
  window.__benchPcs = []
  window.RTCPeerConnection = class extends Native { constructor (...a) { super(...a); window.__benchPcs.push(this) } }
  const clock = () => performance.timeOrigin + performance.now()
  /** Replaces the audio of every live sender with an oscillator, silent until burst(). */
  window.__toneOn = async (pcs) => {
    const ctx = new AudioContext(); await ctx.resume()
    const osc = ctx.createOscillator(); osc.frequency.value = 1000
    const gain = ctx.createGain(); gain.gain.value = 0
    const out = ctx.createMediaStreamDestination()
    osc.connect(gain).connect(out); osc.start()
    for (const pc of pcs ?? window.__benchPcs) for (const s of pc.getSenders()) if (s.track?.kind === 'audio' || s.track === null) await s.replaceTrack(out.stream.getAudioTracks()[0])
    window.__burst = () => { gain.gain.setValueAtTime(1, ctx.currentTime); gain.gain.setValueAtTime(0, ctx.currentTime + 0.25); return clock() }
  }
  /** Listens to the incoming audio of \`pc\`: resolves with the time its level first crosses 0.05 RMS. */
  window.__listen = async (pc) => {
    const target = pc ?? window.__benchPcs.find(p => p.connectionState === 'connected')
    // The receiver that carries the call's audio (a transceiver in use has a mid).
    const track = target.getTransceivers().find(t => t.mid !== null && t.receiver.track.kind === 'audio').receiver.track
    const ctx = new AudioContext(); await ctx.resume()
    const audio = new Audio(); audio.srcObject = new MediaStream([track]); audio.muted = true; await audio.play().catch(() => {})
    const analyser = ctx.createAnalyser(); analyser.fftSize = 256
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser)
    const data = new Float32Array(analyser.fftSize)
    window.__heard = () => new Promise((resolve) => {
      const started = clock()
      const poll = setInterval(() => {
        analyser.getFloatTimeDomainData(data)
        let sum = 0; for (const x of data) sum += x * x
        if (Math.sqrt(sum / data.length) > 0.05) { clearInterval(poll); resolve(clock()) }
        else if (clock() - started > 5000) { clearInterval(poll); resolve(null) }
      }, 2)
    })
  }
  /** The baseline: two connections in this page, each given the other's SDP directly. */
  window.__rawPair = async () => {
    const t0 = clock()
    const a = new Native({ iceServers: [] }); const b = new Native({ iceServers: [] })
    a.onicecandidate = e => { if (e.candidate) b.addIceCandidate(e.candidate) }
    b.onicecandidate = e => { if (e.candidate) a.addIceCandidate(e.candidate) }
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true })
    a.addTrack(mic.getAudioTracks()[0], mic)
    await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription)
    await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription)
    for (;;) {
      let packets = 0
      ;(await b.getStats()).forEach(s => { if (s.type === 'inbound-rtp') packets += s.packetsReceived || 0 })
      if (packets > 0) break
      await new Promise(r => setTimeout(r, 5))
    }
    window.__rawPcs = [a, b]
    return clock() - t0
  }
})()`

/** Milliseconds from the burst on `speaker` to its onset on `listener`, `n` times. */
async function mouthToEar (speaker: Page, listener: Page, n: number, raw: boolean): Promise<number[]> {
  await speaker.evaluate(raw ? 'window.__toneOn([window.__rawPcs[0]])' : 'window.__toneOn()')
  await listener.evaluate(raw ? 'window.__listen(window.__rawPcs[1])' : 'window.__listen()')
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    await sleep(600)
    const heard = listener.evaluate('window.__heard()') as Promise<number | null>
    await sleep(50)
    const sent = await speaker.evaluate('window.__burst()') as number
    const at = await heard
    if (at !== null) out.push(at - sent)
  }
  return out
}

async function measure (ctx: ScenarioContext, rounds: number): Promise<Row[]> {
  return await withLoopbackNetns(async ns => {
    const room = await voiceRoom(ns, 'Bench call', ['Ana', 'Ben'])
    try {
      const [ana, ben] = room.members as [Member, Member]
      const probe = async (m: Member): Promise<Page> => {
        await m.context.close()
        const { page } = await room.openPage(m, { init: PROBE })
        return page
      }
      const [a, b] = [await probe(ana), await probe(ben)]
      const rawJoin = await a.evaluate('window.__rawPair()') as number
      const rawEar = await mouthToEar(a, a, rounds, true)
      await a.evaluate('window.__rawPcs.forEach(pc => pc.close())')
      await a.getByRole('button', { name: 'Join call', exact: true }).click()
      await a.getByRole('button', { name: 'Leave call', exact: true }).waitFor()
      await b.getByRole('button', { name: 'Join call', exact: true }).click()
      const joinMs = await b.waitForFunction('window.__firstAudioMs', undefined, { timeout: 20_000 }).then(async h => await h.jsonValue() as number)
      ctx.log(`voice: join → first audio ${joinMs.toFixed(0)} ms (raw pair ${rawJoin.toFixed(0)} ms)`)
      const ear = await mouthToEar(a, b, rounds, false)
      ctx.log(`voice: mouth-to-ear median ${median(ear).toFixed(0)} ms of ${ear.length} (raw ${median(rawEar).toFixed(0)} ms)`)
      const common = { scenario: 'voice', case: '2 members, loopback', unit: 'ms', baselineName: 'raw WebRTC pair, same page' }
      return [
        row({ ...common, metric: 'Join call → first audio packet', value: joinMs, baseline: rawJoin, samples: 1, note: 'second to join: its node signs and sends hello, the first page offers through both nodes, ICE and DTLS on 127.0.0.1; raw: the two connections set up directly in one page' }),
        row({ ...common, metric: 'mouth-to-ear (1 kHz burst onset), median', value: median(ear), baseline: median(rawEar), samples: ear.length, note: 'WebAudio oscillator in place of the microphone, analyser on the incoming track; Opus, RTP over loopback, jitter buffer, decoder; no real microphone or speaker' })
      ]
    } finally {
      await room.close()
    }
  }, 'bench-voice')
}

export async function voiceScenario (ctx: ScenarioContext): Promise<Row[]> {
  const why = netnsUnavailable() ?? (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing`)
  if (why !== undefined) { ctx.log(`voice: skipped (${why})`); return [] }
  return await measure(ctx, ctx.quick ? 5 : 15)
}

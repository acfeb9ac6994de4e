// The "live messages during a large catch-up" scenario (issue 10, case 5), shared by the
// integration test and the bench: daemons already running (the last one is the returning laptop,
// typically on a slow link), driven through their control sockets. The first daemon creates an
// incident and invites the others; the laptop goes offline; it and the first daemon each write
// half of the backlog; the laptop comes back and, while the backlog is exchanged, posts a chat
// message every `everyMs`; each one's arrival at every other daemon is timed.
import type { ControlClient } from '../../p2p/host/control/client.js'

export interface ScenarioDaemon { client: ControlClient, peerId: string, addrs: string[] }

export interface LiveCatchUpOptions {
  /** Entries to exchange in all: half written by the laptop offline, half by the first daemon. */
  backlog: number
  /** Interval between the laptop's live messages, ms. */
  everyMs?: number
  /** Give up after this long, ms. */
  timeoutMs?: number
  /** Live messages to send afterwards, on the idle link (the baseline); none by default. */
  idleSamples?: number
  log?: (message: string) => void
}

export interface LiveCatchUpResult {
  /** Every (live message, receiver) arrival latency, ms. */
  latencies: number[]
  /** Live messages sent during the catch-up. */
  sent: number
  /** Back online → every daemon holds the same digest, ms. */
  catchUpMs: number
  /** How long each live message's sendMessage call took on the laptop (its own append), ms. */
  appendMs: number[]
  /** Arrival latencies of the `idleSamples` messages sent after the catch-up, ms. */
  idleLatencies: number[]
  /** Live messages that took over a second to reach a daemon: when sent (ms after reconnecting), to which, how long. */
  late: Array<{ sentMs: number, receiver: number, ms: number }>
  /**
   * Per daemon (the laptop last): entries stored from sync since start, those it already held,
   * and how often it held an author back from a puller while a slow stream to another carried it.
   */
  synced: Array<{ entries: number, duplicates: number, heldBack: number }>
}

const monotonic = (): number => performance.timeOrigin + performance.now()
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

async function until (what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(intervalMs)
  }
}

/** Calls `fn` for 0..n-1, `limit` at a time. */
async function inParallel (n: number, limit: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, n) }, async () => { while (next < n) await fn(next++) }))
}

const digests = async (daemons: ScenarioDaemon[], incidentId: string): Promise<Set<string>> =>
  new Set(await Promise.all(daemons.map(async d => (await d.client.call('status', { incidentId })).digest)))

export async function runLiveDuringCatchUp (daemons: ScenarioDaemon[], options: LiveCatchUpOptions): Promise<LiveCatchUpResult> {
  const { backlog, everyMs = 250, timeoutMs = 120_000, idleSamples = 0, log = () => {} } = options
  const first = daemons[0] as ScenarioDaemon
  const laptop = daemons[daemons.length - 1] as ScenarioDaemon
  const others = daemons.slice(0, -1)
  const { incidentId } = await first.client.call('createIncident', { title: 'live during catch-up' })
  for (const d of daemons.slice(1)) {
    const { invite } = await first.client.call('createInvite', { incidentId, role: 'responder', expiresInMs: 3_600_000, uses: 1 })
    await d.client.call('join', { invite, timeoutMs: 60_000 })
  }
  for (const d of others.slice(1)) await laptop.client.call('connect', { addr: d.addrs[0] ?? '' })
  await until('every member to hold the full roster', async () => (await digests(daemons, incidentId)).size === 1 &&
    (await laptop.client.call('members', { incidentId })).length === daemons.length, 30_000)

  await laptop.client.call('setOffline', { offline: true })
  await until('the laptop to be disconnected', async () => (await laptop.client.call('peers', {})).length === 0, 10_000, 50)
  const half = Math.floor(backlog / 2)
  const text = (who: string, i: number): string => `${who} backlog ${i} ` + 'x'.repeat(80)
  await Promise.all([
    inParallel(half, 16, async i => await laptop.client.call('sendMessage', { incidentId, text: text('laptop', i) })),
    inParallel(backlog - half, 16, async i => await first.client.call('sendMessage', { incidentId, text: text('first', i) }))
  ])
  log(`wrote ${backlog} backlog entries (${half} on the offline laptop)`)

  const sentAt = new Map<string, number>()
  const arrived = new Set<string>()
  let latencies: number[] = []
  const late: LiveCatchUpResult['late'] = []
  let t0 = 0
  for (const [i, d] of others.entries()) {
    // The first event counts: a message shown pending (pending-chat.ts) is shown.
    d.client.on('message', ({ incidentId: id, message }) => {
      const at = sentAt.get(message.text)
      if (id !== incidentId || at === undefined || message.author !== laptop.peerId || arrived.has(`${i}/${message.text}`)) return
      arrived.add(`${i}/${message.text}`)
      latencies.push(monotonic() - at)
      if (monotonic() - at > 1_000) late.push({ sentMs: at - t0, receiver: i, ms: monotonic() - at })
    })
    await d.client.subscribe()
  }

  t0 = monotonic()
  await laptop.client.call('setOffline', { offline: false })
  await until('the laptop to reconnect', async () => (await laptop.client.call('peers', {})).length === others.length, 10_000, 20)
  let caughtUp = false
  const appendMs: number[] = []
  const sender = (async () => {
    for (let i = 0; !caughtUp; i++) {
      const tag = `live ${i}`
      sentAt.set(tag, monotonic())
      await laptop.client.call('sendMessage', { incidentId, text: tag })
      appendMs.push(monotonic() - (sentAt.get(tag) as number))
      await sleep(everyMs)
    }
  })()
  try {
    await until('every member to hold the same digest', async () => (await digests(daemons, incidentId)).size === 1, timeoutMs, 200)
  } finally {
    caughtUp = true
    await sender
  }
  const catchUpMs = monotonic() - t0
  const expected = sentAt.size * others.length
  await until('every live message to arrive', async () => latencies.length >= expected, 30_000, 50)
  for (const d of others) {
    await until('every live message to be stored (no longer pending)', async () => {
      const stored = (await d.client.call('messages', { incidentId })).filter(m => sentAt.has(m.text) && m.pending !== true)
      return stored.length === sentAt.size
    }, 30_000, 200)
  }
  log(`caught up in ${catchUpMs.toFixed(0)} ms; ${sentAt.size} live messages sent`)
  const took = await Promise.all(daemons.map(async d => await d.client.call('stats', {})))
  const synced = took.map(s => ({ entries: s.entriesSynced, duplicates: s.routine['sync-entries:already-held'] ?? 0, heldBack: s.routine['sync-serve:left-to-another-serve'] ?? 0 }))
  log(`entries taken by sync (of them already held; authors held back while another stream carried them): ${synced.map(s => `${s.entries} (${s.duplicates}; ${s.heldBack})`).join(', ')}, the laptop last`)
  const during = latencies
  latencies = []
  for (let i = 0; i < idleSamples; i++) {
    const tag = `idle ${i}`
    sentAt.set(tag, monotonic())
    await laptop.client.call('sendMessage', { incidentId, text: tag })
    await until('an idle-link message to arrive', async () => latencies.length === (i + 1) * others.length, 10_000, 5)
    await sleep(everyMs)
  }
  return { latencies: during, sent: sentAt.size - idleSamples, catchUpMs, appendMs, idleLatencies: latencies, late, synced }
}

// A simulated LAN in network namespaces, for tests and the bench: one namespace per laptop, each
// with a veth link to a bridge in a hub namespace, private addresses, no route out (nothing
// reaches the real network). Some laptops' links can be shaped with tbf (the kernel here has no
// netem), in both directions: the laptop's side shapes its upload, the hub's side its download.
// Everything is created by `withLan` and deleted afterwards, also when `fn` throws. Needs root;
// `netnsUnavailable()` (netns.ts) says why not.
import { execFileSync } from 'node:child_process'

export interface LanOptions {
  /** How many laptops (namespaces), at most 200. */
  laptops: number
  /** Laptop index → link rate in kbit/s (others are unshaped). */
  shaped?: Record<number, number>
  /** How long a packet may wait in the tbf queue before it is dropped (the link's buffer), ms. */
  queueMs?: number
}

export interface Lan {
  /** Namespace of each laptop, by index. */
  netns: string[]
  /** Address of each laptop on the LAN. */
  addresses: string[]
  /** A listen multiaddr for laptop `i` (a fixed port is not needed: port 0). */
  listenAddr(i: number): string
}

const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: 'ignore' }) }
const tc = (netns: string, ...args: string[]): void => { execFileSync('ip', ['netns', 'exec', netns, 'tc', ...args], { stdio: 'ignore' }) }

function shape (netns: string, dev: string, kbit: number, queueMs: number): void {
  // burst: a few full-size packets; latency bounds the queue (tbf drops past it, as a full buffer would).
  tc(netns, 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '16kb', 'latency', `${queueMs}ms`)
}

/** Builds the LAN, runs `fn` with it, then deletes every namespace it made. */
export async function withLan<T> (options: LanOptions, fn: (lan: Lan) => Promise<T>): Promise<T> {
  if (options.laptops < 1 || options.laptops > 200) throw new Error('withLan: 1 to 200 laptops')
  const prefix = `lblan-${process.pid}`
  const hub = `${prefix}-hub`
  const netns = Array.from({ length: options.laptops }, (_, i) => `${prefix}-${i}`)
  const addresses = netns.map((_, i) => `10.235.0.${i + 1}`)
  const made: string[] = []
  try {
    for (const name of [hub, ...netns]) { ip('netns', 'add', name); made.push(name) }
    ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge')
    ip('-n', hub, 'link', 'set', 'br0', 'up')
    netns.forEach((name, i) => {
      ip('-n', name, 'link', 'set', 'lo', 'up')
      // Created in the hub, one end moved into the laptop's namespace as eth0.
      ip('-n', hub, 'link', 'add', `port${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name)
      ip('-n', hub, 'link', 'set', `port${i}`, 'master', 'br0')
      ip('-n', hub, 'link', 'set', `port${i}`, 'up')
      ip('-n', name, 'addr', 'add', `${addresses[i] ?? ''}/24`, 'dev', 'eth0')
      ip('-n', name, 'link', 'set', 'eth0', 'up')
      const kbit = options.shaped?.[i]
      if (kbit !== undefined) {
        shape(name, 'eth0', kbit, options.queueMs ?? 200)
        shape(hub, `port${i}`, kbit, options.queueMs ?? 200)
      }
    })
    return await fn({ netns, addresses, listenAddr: i => `/ip4/${addresses[i] ?? ''}/tcp/0` })
  } finally {
    for (const name of made.reverse()) { try { ip('netns', 'del', name) } catch { /* already gone */ } }
  }
}

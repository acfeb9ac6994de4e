// A simulated isolated LAN for tests and the bench: a bridge in its own network namespace (the
// switch) and one namespace per laptop, joined to it by a veth pair, with static addresses in
// 10.77.0.0/24 and NO default route (the typical incident-response network on a plain switch;
// nothing reaches the real network). Daemons run inside a laptop's namespace with `ip netns exec`
// (startDaemon's `netns` option). A laptop's link can be shaped with tbf both ways (the kernel here
// has no netem). Everything is removed by `remove()` (or by `withLan`, also when `fn` throws).
// Needs root, `ip netns` and (for blocking) `nft`.
import { execFileSync } from 'node:child_process'
import { netnsUnavailable } from './netns.js'

const SUBNET = '10.77.0'

/** Why this LAN cannot be built here (no netns, or no nft for blocking), or undefined if it can. */
export function lanUnavailable (): string | undefined {
  const netns = netnsUnavailable()
  if (netns !== undefined) return netns
  try { execFileSync('nft', ['--version'], { stdio: 'ignore' }) } catch { return '`nft` (nftables) is not installed' }
  return undefined
}

function ip (...args: string[]): void { execFileSync('ip', args, { stdio: 'pipe' }) }

export interface Laptop {
  /** Its network namespace, for startDaemon's `netns`. */
  netns: string
  /** Its current IPv4 address. */
  address: string
}

export class NetnsLan {
  readonly laptops: Laptop[] = []
  private readonly switchNs: string

  /** Builds the switch and `count` laptops (addresses 10.77.0.11, .12, …). */
  constructor (count: number) {
    const tag = `lb${process.pid}`
    this.switchNs = `${tag}sw`
    ip('netns', 'add', this.switchNs)
    try {
      ip('-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge')
      ip('-n', this.switchNs, 'link', 'set', 'br0', 'up')
      for (let i = 0; i < count; i++) this.addLaptop(`${tag}l${i}`, i)
    } catch (err) {
      this.remove()
      throw err
    }
  }

  private addLaptop (netns: string, i: number): void {
    const address = `${SUBNET}.${11 + i}`
    ip('netns', 'add', netns)
    this.laptops.push({ netns, address })
    ip('-n', this.switchNs, 'link', 'add', `port${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns)
    ip('-n', this.switchNs, 'link', 'set', `port${i}`, 'master', 'br0', 'up')
    ip('-n', netns, 'link', 'set', 'lo', 'up')
    ip('-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0')
    ip('-n', netns, 'link', 'set', 'eth0', 'up')
  }

  /** Drops UDP 5353 (mDNS) in and out of a laptop, as many corporate and hotel networks do. */
  blockMdns (laptop: Laptop): void {
    execFileSync('ip', ['netns', 'exec', laptop.netns, 'nft', '-f', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      input: `table inet lifeboat_block {
  chain input { type filter hook input priority 0; udp dport 5353 drop; }
  chain output { type filter hook output priority 0; udp dport 5353 drop; }
}\n`
    })
  }

  unblockMdns (laptop: Laptop): void {
    execFileSync('ip', ['netns', 'exec', laptop.netns, 'nft', 'delete', 'table', 'inet', 'lifeboat_block'], { stdio: 'pipe' })
  }

  /** Moves a laptop to a new address while everything runs (a new static address, a new lease). */
  readdress (laptop: Laptop, lastOctet: number): void {
    const address = `${SUBNET}.${lastOctet}`
    // Old one first: deleting a primary address also deletes the secondaries of its subnet.
    ip('-n', laptop.netns, 'addr', 'del', `${laptop.address}/24`, 'dev', 'eth0')
    ip('-n', laptop.netns, 'addr', 'replace', `${address}/24`, 'dev', 'eth0')
    laptop.address = address
  }

  /**
   * Limits a laptop's link to `kbit` both ways: its side shapes the upload, the switch's side the
   * download; `queueMs` bounds the tbf queue (the link's buffer: packets wait at most that long).
   */
  shape (laptop: Laptop, kbit: number, queueMs = 200): void {
    const i = this.laptops.indexOf(laptop)
    for (const [netns, dev] of [[laptop.netns, 'eth0'], [this.switchNs, `port${i}`]] as const) {
      execFileSync('ip', ['netns', 'exec', netns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', '16kb', 'latency', `${queueMs}ms`], { stdio: 'pipe' })
    }
  }

  /** Deletes every namespace (their veths and the bridge go with them); never throws. */
  remove (): void {
    for (const netns of [...this.laptops.map(l => l.netns), this.switchNs]) {
      try { ip('netns', 'del', netns) } catch { /* already gone */ }
    }
  }
}

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
  /** A listen multiaddr for laptop `i` (port 0). */
  listenAddr: (i: number) => string
}

/** Builds the LAN, runs `fn` with it, then deletes every namespace it made. */
export async function withLan<T> (options: LanOptions, fn: (lan: Lan) => Promise<T>): Promise<T> {
  if (options.laptops < 1 || options.laptops > 200) throw new Error('withLan: 1 to 200 laptops')
  const lan = new NetnsLan(options.laptops)
  try {
    for (const [i, kbit] of Object.entries(options.shaped ?? {})) lan.shape(lan.laptops[Number(i)] as Laptop, kbit, options.queueMs)
    const addresses = lan.laptops.map(l => l.address)
    return await fn({ netns: lan.laptops.map(l => l.netns), addresses, listenAddr: i => `/ip4/${addresses[i] ?? ''}/tcp/0` })
  } finally {
    lan.remove()
  }
}

// A network namespace for one test: only `lo` and a veth pair whose both ends live inside it (one
// with a private address), no route out, removed afterwards. What runs inside sees no real network card, so a node listening
// on 0.0.0.0 there reaches nothing beyond the namespace. Needs root (`ip netns`).
import { execFileSync } from 'node:child_process'

export const NETNS_ADDRESS = '10.233.0.2'

/** Why namespaces cannot be made here, or undefined if they can. */
export function netnsUnavailable (): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only'
  if (process.getuid?.() !== 0) return 'creating a network namespace needs root'
  try { execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' }) } catch { return '`ip netns` is not available or not permitted' }
  return undefined
}

/**
 * A namespace with nothing but `lo` up (127.0.0.1 and ::1): what runs inside can talk to itself
 * and to nothing else, not even a veth. Runs `fn` with its name, then deletes the name; a process
 * still inside would keep the namespace alive, so `fn` must stop what it started there.
 */
export async function withLoopbackNetns<T> (fn: (name: string) => Promise<T>, label = 'lo'): Promise<T> {
  const name = `lifeboat-${label}-${process.pid}`
  execFileSync('ip', ['netns', 'add', name], { stdio: 'ignore' })
  try {
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up'], { stdio: 'ignore' })
    return await fn(name)
  } finally {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' })
  }
}

/** Creates the namespace, runs `fn` with its name, then deletes it. */
export async function withNetns<T> (fn: (name: string) => Promise<T>): Promise<T> {
  const name = `lifeboat-test-${process.pid}`
  const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: 'ignore' }) }
  ip('netns', 'add', name)
  try {
    ip('-n', name, 'link', 'set', 'lo', 'up')
    ip('-n', name, 'link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'lan1')
    ip('-n', name, 'addr', 'add', `${NETNS_ADDRESS}/24`, 'dev', 'lan0')
    ip('-n', name, 'link', 'set', 'lan0', 'up')
    ip('-n', name, 'link', 'set', 'lan1', 'up')
    return await fn(name)
  } finally {
    ip('netns', 'del', name)
  }
}

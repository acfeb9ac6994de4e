// Summarises V8 .cpuprofile files (from `npm run bench -- --profile DIR`, or any node
// --cpu-prof run): the functions with the most self time, and the files/packages with the most
// self time, as a share of all samples. Several files matching a pattern are added up.
//
//   node dist/scripts/bench/profile-summary.js DIR [--match SUBSTRING] [--top N]
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  children?: number[]
}
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }

function shortUrl (url: string): string {
  if (url === '') return '(native)'
  const clean = url.replace(/^file:\/\//, '')
  const nm = clean.lastIndexOf('/node_modules/')
  if (nm >= 0) return clean.slice(nm + '/node_modules/'.length)
  const dist = clean.indexOf('/dist/')
  if (dist >= 0) return clean.slice(dist + '/dist/'.length).replace(/\.js$/, '.ts')
  return clean.replace(/^node:/, 'node:')
}

function packageOf (url: string): string {
  const s = shortUrl(url)
  if (s.startsWith('p2p/') || s.startsWith('scripts/')) return s
  if (s.startsWith('@')) return s.split('/').slice(0, 2).join('/')
  if (s.startsWith('node:') || s.startsWith('(')) return s
  return s.split('/')[0] ?? s
}

export function summarise (profiles: Profile[], top = 25): string {
  const selfByFn = new Map<string, number>()
  const selfByFile = new Map<string, number>()
  const totalByFn = new Map<string, number>()
  let total = 0
  let wallUs = 0
  const nameOf = (node: ProfileNode): string => {
    const { functionName, url, lineNumber } = node.callFrame
    return `${shortUrl(url)}:${functionName === '' ? '(anonymous)' : functionName}${url === '' ? '' : `:${lineNumber + 1}`}`
  }
  for (const p of profiles) {
    const byId = new Map(p.nodes.map(n => [n.id, n]))
    const parent = new Map<number, number>()
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
    wallUs += p.endTime - p.startTime
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i] ?? 0
      const node = byId.get(id)
      if (node === undefined) return
      const { functionName, url } = node.callFrame
      const fn = nameOf(node)
      selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + dt)
      // Inclusive time: every distinct function on the stack gets the sample once.
      const onStack = new Set<string>()
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const n = byId.get(at)
        if (n !== undefined) onStack.add(nameOf(n))
      }
      for (const f of onStack) totalByFn.set(f, (totalByFn.get(f) ?? 0) + dt)
      const file = url === '' ? functionName : packageOf(url)
      selfByFile.set(file, (selfByFile.get(file) ?? 0) + dt)
      total += dt
    })
  }
  const idle = (selfByFn.get('(native):(idle)') ?? 0)
  const busy = total - idle
  const lines = [`${profiles.length} profile(s), ${(wallUs / 1e6).toFixed(1)} s wall, ${(busy / 1e6).toFixed(2)} s busy (shares below are of busy time)`]
  const list = (title: string, map: Map<string, number>): void => {
    lines.push('', title)
    const sorted = [...map].filter(([k]) => !k.includes('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)
    for (const [k, us] of sorted) lines.push(`  ${(us / busy * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
  }
  list('top functions by self time:', selfByFn)
  list('top files/packages by self time:', selfByFile)
  list('top Lifeboat functions (p2p/) by total time, callees included:', new Map([...totalByFn].filter(([k]) => k.startsWith('p2p/'))))
  return lines.join('\n')
}

function main (): void {
  const args = process.argv.slice(2)
  const dir = args[0]
  if (dir === undefined) { process.stderr.write('usage: profile-summary DIR [--match SUBSTRING] [--top N]\n'); process.exit(2) }
  const matchAt = args.indexOf('--match')
  const match = matchAt >= 0 ? args[matchAt + 1] ?? '' : ''
  const topAt = args.indexOf('--top')
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25
  const files = readdirSync(dir).filter(f => f.endsWith('.cpuprofile') && f.includes(match))
  if (files.length === 0) { process.stderr.write(`no .cpuprofile files matching "${match}" in ${dir}\n`); process.exit(1) }
  const profiles = files.map(f => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile)
  process.stdout.write(`${files.join(', ')}\n${summarise(profiles, top)}\n`)
}

main()

// One measurement of the roster fold, in a fresh process (run by roster-fold.ts):
//   node --expose-gc roster-fold-worker.js CASE SIZE FOLD_MODULE
// builds a roster of SIZE ops of the kind CASE names, then folds it with the foldRoster exported
// by FOLD_MODULE (the code under test, which may be another build): the first fold measures the
// peak RSS growth (the kernel's high-water mark, reset just before) and the heap it leaves
// reachable; two more give the time. Prints one JSON line.
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { generateIdentity, type DeviceIdentity } from '../../p2p/identity/identity.js'
import { createRosterOp, type RosterOp, type RosterOpBody } from '../../p2p/membership/roster-op.js'

export type FoldCase = 'valid-chain' | 'refused-chain' | 'concurrent-dag' | 'backdated-branch'

const INCIDENT = new Uint8Array(16).fill(0xab)
const FILLER = new Uint8Array(104).fill(0xee)
let clock = 1

function op (author: DeviceIdentity, parents: readonly RosterOp[], k: RosterOpBody['k'], d: unknown): RosterOp {
  return createRosterOp(author.signer, { i: INCIDENT, k, p: parents.map(p => p.hash), t: clock++, d } as Omit<RosterOpBody, 'v' | 'a'>)
}
const member = (key: Uint8Array, r: string): unknown => ({ m: key, x: key, n: 'member', r, k: [] })
const invite = (): unknown => ({ h: new Uint8Array(randomBytes(32)), r: 'responder', x: 1, u: 1 })

/** A roster of about `size` ops; the first op is its genesis. */
async function buildRoster (kind: FoldCase, size: number): Promise<RosterOp[]> {
  const [alice, bob, carol] = [await generateIdentity(), await generateIdentity(), await generateIdentity()] as [DeviceIdentity, DeviceIdentity, DeviceIdentity]
  const genesis = op(alice, [], 'genesis', { title: 'bench', n: 'alice', x: alice.x25519.publicKey, k: FILLER })
  const ops = [genesis]
  const last = (): RosterOp => ops[ops.length - 1] as RosterOp
  if (kind === 'valid-chain') while (ops.length < size) ops.push(op(alice, [last()], 'invite', invite()))
  if (kind === 'refused-chain') {
    // Case 6: a member (no admin) chains role ops on its own refused ops.
    ops.push(op(alice, [genesis], 'add', member(bob.signer.publicKey, 'responder')))
    while (ops.length < size) ops.push(op(bob, [last()], 'role', { m: bob.signer.publicKey, r: 'admin' }))
  }
  if (kind === 'concurrent-dag') {
    // Three admins write 1-3 ops each on their own branch, then one merges the branches.
    for (const admin of [bob, carol]) ops.push(op(alice, [last()], 'add', member(admin.signer.publicKey, 'admin')))
    const added: Uint8Array[] = []
    while (ops.length < size) {
      const base = last()
      const settled = [...added]
      const tips = [alice, bob, carol].map((admin, a) => {
        let tip = base
        for (let n = 0; n < 1 + ((ops.length + a) % 3); n++) {
          const r = (ops.length * 7 + a) % 4
          const key = new Uint8Array(randomBytes(32))
          const target = settled[(ops.length * 13) % Math.max(1, settled.length)]
          tip = r === 0 || target === undefined ? op(admin, [tip], 'add', member(key, 'responder'))
            : r === 1 ? op(admin, [tip], 'role', { m: target, r: 'observer' })
              : r === 2 ? op(admin, [tip], 'invite', invite())
                : op(admin, [tip], 'rotate', { k: [[alice.signer.publicKey, FILLER]] })
          if (tip.body.k === 'add') added.push(key)
          ops.push(tip)
        }
        return tip
      })
      ops.push(op(alice, tips, 'rotate', { k: [[alice.signer.publicKey, FILLER]] }))
    }
  }
  if (kind === 'backdated-branch') {
    // Bob, an admin, is demoted; a quarter of the ops are his back-dated chain, the rest alice's.
    ops.push(op(alice, [genesis], 'add', member(bob.signer.publicKey, 'admin')))
    const fork = last()
    ops.push(op(alice, [fork], 'role', { m: bob.signer.publicKey, r: 'responder' }))
    let mainline = last()
    let branch = fork
    while (ops.length < size) {
      if (ops.length % 4 === 0) ops.push(branch = op(bob, [branch], 'invite', invite()))
      else ops.push(mainline = op(alice, [mainline], 'invite', invite()))
    }
  }
  return ops
}

function status (field: string): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find(l => l.startsWith(field))
  return Number(line?.replace(/\D+/g, '') ?? NaN) / 1024
}

async function main (): Promise<void> {
  const [kind, size, foldModule] = process.argv.slice(2)
  const { foldRoster } = await import(foldModule as string) as { foldRoster: (i: Uint8Array, g: string, ops: RosterOp[]) => { order: unknown[], refused: Map<string, string> } }
  const ops = await buildRoster(kind as FoldCase, Number(size))
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const rssBefore = status('VmRSS:')
  try { writeFileSync('/proc/self/clear_refs', '5') } catch { /* not permitted: the peak then includes building the ops */ }
  const times: number[] = []
  let t0 = performance.now()
  const result = foldRoster(INCIDENT, (ops[0] as RosterOp).hashHex, ops)
  times.push(performance.now() - t0)
  const peakRssMb = status('VmHWM:') - rssBefore
  gc()
  const retainedHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
  for (let i = 0; i < 2; i++) {
    t0 = performance.now()
    foldRoster(INCIDENT, (ops[0] as RosterOp).hashHex, ops)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  process.stdout.write(JSON.stringify({ ops: ops.length, foldMs: times[1], peakRssMb, retainedHeapMb, effective: result.order.length, refused: result.refused.size }) + '\n')
}

await main()

// Property test of membership rule v2 over random roster DAGs (test/support/roster-random.ts):
// honest admins acting on their own views, devices that lost their admin power signing
// back-dated ops, puppets building on them. For every case:
//   (a) the fold is the same for several arrival orders, also fed in batches through the path
//       the incident uses (RosterBook.admit / commit);
//   (b) no op by a member that is concurrent with an effective revocation of that member takes
//       effect (ops after it count only if authorized, i.e. the member regained admin);
//   (c) nothing a revoked op added is a member, and no revoked rotation made an epoch;
//   (d) the fold equals the literal, quadratic statement of the rule (test/support/roster-reference.ts).
// Seeded: LIFEBOAT_TEST_SEED=<seed> replays a run; LIFEBOAT_PROPERTY_CASES sets how many cases.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { RosterBook } from '../../p2p/incident/roster-book.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import { epochIdOf, type RosterOp } from '../../p2p/membership/roster-op.js'
import { memberTouched, revocationTarget } from '../../p2p/membership/roster-state.js'
import { makeIdentity } from '../support/identities.js'
import { mulberry32, randomInt, shuffled, testSeed, type Rng } from '../support/prng.js'
import { identityPool, randomRoster } from '../support/roster-random.js'
import { ancestorSets, referenceFold } from '../support/roster-reference.js'
import { foldSummary, INCIDENT } from '../support/roster.js'

const SEED = testSeed()
const CASES = Number(process.env.LIFEBOAT_PROPERTY_CASES ?? 2_000)
console.log(`# roster-fold-property seed ${SEED}, ${CASES} cases (replay with LIFEBOAT_TEST_SEED=${SEED})`)
const pool = await identityPool()
/** The device whose RosterBook takes the ops in: an outsider, so it never tries to open the filler grants. */
const outsider = await makeIdentity(0x7f)

/** Feeds `ops` in random batches through the incident's admission path; returns the final fold. */
function feedInBatches (rng: Rng, genesis: RosterOp, ops: readonly RosterOp[]): ReturnType<typeof foldRoster> {
  const book = new RosterBook(INCIDENT, genesis.hashHex, outsider)
  const order = shuffled(ops, rng)
  for (let i = 0; i < order.length;) {
    const size = 1 + randomInt(rng, 6)
    const admission = book.admit(book.freshOf(order.slice(i, i + size)))
    assert.equal(admission.dropped.length, 0, 'no bound is reached in these cases')
    book.commit(admission)
    i += size
  }
  return foldRoster(INCIDENT, genesis.hashHex, book.all)
}

test(`membership rule v2 holds on ${CASES} random DAGs with back-dated ops`, () => {
  const rng = mulberry32(SEED)
  const seen = { revoked: 0, cycles: 0, ops: 0 }
  for (let c = 0; c < CASES; c++) {
    const where = `case ${c} [seed ${SEED}; rerun with LIFEBOAT_TEST_SEED=${SEED}]`
    const { genesis, ops } = randomRoster(rng, pool, { steps: 10 + randomInt(rng, 40), crowded: c % 2 === 1 })
    const fold = foldRoster(INCIDENT, genesis.hashHex, ops)
    const expected = foldSummary(fold)
    seen.ops += ops.length
    if (fold.revoked.size > 0) seen.revoked++
    if ([...fold.refused.values()].some(why => why.includes('cycle'))) seen.cycles++

    // (a) arrival orders, whole and in batches through the incident's path.
    assert.deepEqual(foldSummary(foldRoster(INCIDENT, genesis.hashHex, shuffled(ops, rng))), expected, `${where}: shuffled`)
    for (let k = 0; k < 2; k++) assert.deepEqual(foldSummary(feedInBatches(rng, genesis, ops)), expected, `${where}: batches ${k}`)

    // (d) the literal rule.
    const reference = referenceFold(INCIDENT, genesis.hashHex, ops)
    assert.deepEqual(fold.order.map(op => op.hashHex), reference.effective, `${where}: effective ops`)
    assert.deepEqual([...fold.revoked].sort(), reference.revoked, `${where}: revoked ops`)
    assert.deepEqual([...fold.refused.keys()].sort(), reference.refused, `${where}: refused ops`)
    assert.deepEqual(fold.heads, reference.heads, `${where}: heads`)
    assert.deepEqual([...fold.state.members].map(([k, m]) => [k, m.role]), [...reference.state.members].map(([k, m]) => [k, m.role]), `${where}: members`)

    // (b) nothing concurrent with its author's effective revocation takes effect.
    const anc = ancestorSets(fold.dag)
    const related = (x: RosterOp, y: RosterOp): boolean => anc.get(x.hashHex)?.has(y.hashHex) === true || anc.get(y.hashHex)?.has(x.hashHex) === true
    for (const r of fold.order) {
      const target = revocationTarget(r)
      if (target === undefined) continue
      for (const x of fold.order) {
        if (x === r || toHex(x.body.a) !== target || revocationTarget(x) !== undefined) continue
        assert.ok(related(x, r), `${where}: ${x.hashHex} by ${target.slice(0, 8)} is concurrent with its revocation ${r.hashHex} yet took effect`)
      }
    }

    // (c) members and epochs come from effective ops only.
    const effective = new Set(fold.order.map(op => op.hashHex))
    for (const key of fold.state.members.keys()) {
      assert.ok(fold.order.some(op => (op.body.k === 'add' || op.body.k === 'genesis') && memberTouched(op) === key), `${where}: member ${key} was added by no effective op`)
    }
    for (const op of fold.dag) {
      if (effective.has(op.hashHex) || op.body.k !== 'rotate') continue
      assert.ok(!fold.state.epochs.has(epochIdOf(op)), `${where}: refused rotation ${op.hashHex} made an epoch`)
    }
    for (const hash of fold.revoked) {
      const op = fold.dag.find(o => o.hashHex === hash) as RosterOp
      const target = op.body.k === 'add' ? memberTouched(op) : undefined
      if (target === undefined || !fold.state.members.has(target)) continue
      assert.ok(fold.order.some(o => (o.body.k === 'add' || o.body.k === 'genesis') && memberTouched(o) === target), `${where}: ${target} is a member through a revoked add only`)
    }
  }
  console.log(`# ${CASES} cases, ${seen.ops} ops; ${seen.revoked} cases with revoked ops, ${seen.cycles} with a cycle of revocations`)
  assert.ok(seen.revoked > CASES / 10, 'the generator produces back-dated ops that get revoked')
})

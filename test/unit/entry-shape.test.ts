// The hand-written entry shape checks (log/entry-shape.ts) pass exactly what their zod schemas
// pass: a real body and wire, and every one of many variants of them (each field missing, of
// another type, at and past its bounds; an extra key; not a plain object) get the same answer.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor } from '../../p2p/codec/cbor.js'
import { signerFromSeed } from '../../p2p/crypto/ed25519.js'
import { createEntry } from '../../p2p/log/entry.js'
import { Body, bodyFits, MAX_CIPHERTEXT_BYTES, MAX_ENTRY_BYTES, parseBody, Wire, wireFits } from '../../p2p/log/entry-shape.js'

const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(7)
const ODD_VALUES: unknown[] = [
  undefined, null, true, '', 'x', 0, -0, 1, -1, 1.5, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -Infinity,
  [], {}, new Map(), bytes(0), bytes(1), bytes(15), bytes(16), bytes(17), bytes(24), bytes(31), bytes(32), bytes(33), bytes(64), bytes(65), Buffer.alloc(32),
  new Uint16Array(16), bytes(MAX_CIPHERTEXT_BYTES), bytes(MAX_CIPHERTEXT_BYTES + 1), bytes(MAX_ENTRY_BYTES), bytes(MAX_ENTRY_BYTES + 1)
]

/** The value itself, each key removed, each key set to each odd value, an extra key, and non-objects. */
function variants (value: Record<string, unknown>): unknown[] {
  const out: unknown[] = [value, { ...value, extra: 1 }, [value], new Map(Object.entries(value)), Object.assign(Object.create({ inherited: 1 }) as object, value), null, 'entry', 42]
  for (const key of Object.keys(value)) {
    out.push(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)))
    for (const odd of ODD_VALUES) out.push({ ...value, [key]: odd })
  }
  return out
}

describe('entry shapes checked by hand', () => {
  const signer = signerFromSeed(bytes(32))
  const entry = createEntry(signer, { incidentId: bytes(16), seq: 3, prev: bytes(32), lamport: 9, ts: 1_796_000_000_000, epochId: 2, epochKey: bytes(32), plaintext: bytes(40) })
  const wire = decodeCbor(entry.wire, MAX_ENTRY_BYTES + 128) as Record<string, unknown>
  const body = decodeCbor(wire.b as Uint8Array, MAX_ENTRY_BYTES) as Record<string, unknown>

  test('the body check agrees with the zod schema on every variant', () => {
    const all = variants(body)
    assert.ok(all.length > 300)
    for (const [i, v] of all.entries()) assert.equal(bodyFits(v), Body.safeParse(v).success, `variant ${i}`)
    assert.ok(bodyFits(body))
  })

  test('the wire check agrees with the zod schema on every variant', () => {
    for (const [i, v] of variants(wire).entries()) assert.equal(wireFits(v), Wire.safeParse(v).success, `variant ${i}`)
    assert.ok(wireFits(wire))
  })

  test('what the hand check does not pass is refused with zod\'s message', () => {
    assert.throws(() => parseBody({ ...body, s: 0 }), /invalid entry: s/)
    assert.throws(() => parseBody({ ...body, extra: 1 }), /invalid entry/)
  })
})

// patches/@libp2p+utils+*.patch: libp2p's length-prefixed decoder (under every Noise connection)
// asked its length decoder for a prefix even with nothing left in its buffer, and Noise's
// decoder answers that with a thrown RangeError: a stack trace for almost every chunk read, 5.5 %
// of a daemon's CPU while chatting (perf; docs/ARCHITECTURE.md, "Pitfalls measured here").
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { LengthPrefixedDecoder } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'

describe('the length-prefixed decoder, patched', () => {
  test('never asks for a length prefix from an empty buffer, and still yields every frame', () => {
    const asked: number[] = []
    const decoder = new LengthPrefixedDecoder({
      lengthDecoder: (data: Uint8ArrayList | Uint8Array) => {
        asked.push(data.byteLength)
        if (data.byteLength < 2) throw new RangeError('short')
        return data instanceof Uint8Array ? (data[0] as number) << 8 | (data[1] as number) : data.getUint16(0)
      },
      encodingLength: () => 2
    })
    const frames = [...decoder.decode(Uint8Array.from([0, 2, 7, 8, 0, 1, 9]))].map(f => [...f.subarray()])
    assert.deepEqual(frames, [[7, 8], [9]])
    const split = [...decoder.decode(Uint8Array.from([0]))]
    assert.deepEqual(split, [], 'half a prefix waits for more')
    assert.deepEqual([...decoder.decode(Uint8Array.from([1, 5]))].map(f => [...f.subarray()]), [[5]])
    assert.ok(!asked.includes(0), `asked with an empty buffer: ${asked.join(',')}`)
  })
})

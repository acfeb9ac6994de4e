// The fixtures' JSON spelling of values that contain bytes: every Uint8Array is a string
// "0x<hex>" (no text field in the fixtures starts with "0x"), everything else is plain JSON.
import { fromHex, toHex } from '../../p2p/codec/bytes.js'

export type Jsonable = string | number | boolean | null | Jsonable[] | { [key: string]: Jsonable }

export function toJsonable (value: unknown): Jsonable {
  if (value instanceof Uint8Array) return '0x' + toHex(value)
  if (Array.isArray(value)) return value.map(toJsonable)
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Jsonable } = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonable(v)
    return out
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value
  throw new Error(`not representable in a fixture: ${typeof value}`)
}

export function fromJsonable (value: Jsonable): unknown {
  if (typeof value === 'string') return value.startsWith('0x') ? fromHex(value.slice(2)) : value
  if (Array.isArray(value)) return value.map(fromJsonable)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJsonable(v)]))
  }
  return value
}

/** "0x..." to bytes, for reading one field of a fixture. */
export function bytesOf (value: string): Uint8Array {
  if (!value.startsWith('0x')) throw new Error(`fixture value ${value} is not "0x<hex>"`)
  return fromHex(value.slice(2))
}

// Shape validation of decoded wire data with zod, turning every failure into a WireFormatError.
import { z } from 'zod'
import { WireFormatError } from '../errors.js'

const anyBytes = () => z.custom<Uint8Array>(v => v instanceof Uint8Array, 'expected bytes')
export const bytes = (length?: number) => {
  const base = anyBytes()
  return length === undefined ? base : base.refine(b => b.byteLength === length, `expected ${length} bytes`)
}
export const boundedBytes = (max: number) => anyBytes().refine(b => b.byteLength <= max, `at most ${max} bytes`)
export const uint = () => z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

export function parseShape<T> (schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new WireFormatError(`invalid ${what}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim())
  }
  return result.data
}

/** A message type without its version field, which the encoder adds (distributes over unions). */
export type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never

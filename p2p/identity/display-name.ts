// The rule for a display name, the same wherever a name enters. On the wire (the join proof, a
// roster op's `n`) every node accepts 1 to MAX_NAME_LENGTH UTF-16 units, as it always has; a name
// set on this device (--name at start, setName) is trimmed and must also show something and hold
// no control or bidi characters. The local rule is the stricter one, so a name this device
// accepts is always one the admin's join check accepts.
import { z } from 'zod'
import { BIDI_CONTROLS, CONTROL_CHARS, hasVisibleText } from '../codec/text.js'
import { InvalidArgumentError } from '../errors.js'

export const MAX_NAME_LENGTH = 100

/** A name as every node checks it on the wire (join-messages.ts, roster-op.ts). */
export const wireName = z.string().min(1).max(MAX_NAME_LENGTH)

/** Why `name` cannot be this device's display name, or undefined if it can (after trimming). */
export function displayNameProblem (name: string): string | undefined {
  const trimmed = name.trim()
  if (!hasVisibleText(trimmed)) return 'a name must show something (it is empty or only spaces)'
  if (trimmed.length > MAX_NAME_LENGTH) return `a name is at most ${MAX_NAME_LENGTH} characters (this one has ${trimmed.length})`
  if (new RegExp(CONTROL_CHARS.source).test(trimmed)) return 'a name cannot hold control characters (a line break, a tab, a terminal escape)'
  if (new RegExp(BIDI_CONTROLS.source).test(trimmed)) return 'a name cannot hold bidi override or isolate characters'
  return undefined
}

/** `name` trimmed, or InvalidArgumentError saying what is wrong with it. */
export function checkDisplayName (name: string): string {
  const problem = displayNameProblem(name)
  if (problem !== undefined) throw new InvalidArgumentError(`name: ${problem}`)
  return name.trim()
}

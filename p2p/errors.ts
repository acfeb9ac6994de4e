// One error class per condition, each with a stable `name` and `code` that front ends and the
// CLI can rely on (the style of js-libp2p's service packages).

export class LifeboatError extends Error {
  readonly code: string
  constructor (code: string, message: string) {
    super(message)
    this.code = code
    this.name = 'LifeboatError'
  }
}

/** Bytes from the network or disk that do not decode to a valid message. */
export class WireFormatError extends LifeboatError {
  constructor (message: string) { super('wire-format', message); this.name = 'WireFormatError' }
}

/** A signature or MAC that does not verify. */
export class InvalidSignatureError extends LifeboatError {
  constructor (message = 'invalid signature') { super('bad-signature', message); this.name = 'InvalidSignatureError' }
}

/** An operation refused by the membership rules. */
export class NotAuthorizedError extends LifeboatError {
  constructor (message: string) { super('not-authorized', message); this.name = 'NotAuthorizedError' }
}

/** Something the caller named does not exist here. */
export class NotFoundError extends LifeboatError {
  constructor (message: string) { super('not-found', message); this.name = 'NotFoundError' }
}

/** A caller's arguments are wrong (front ends map this to a usage error). */
export class InvalidArgumentError extends LifeboatError {
  constructor (message: string) { super('invalid-argument', message); this.name = 'InvalidArgumentError' }
}

/** A join attempt the admin refused; `code` is one of the JoinRefusal codes. */
export class JoinRefusedError extends LifeboatError {
  constructor (code: string, message: string) { super(code, message); this.name = 'JoinRefusedError' }
}

/** No admin named by an invite link (its inviter) could be reached: the message names the addresses tried. */
export class InviterUnreachableError extends LifeboatError {
  constructor (message: string) { super('inviter-unreachable', message); this.name = 'InviterUnreachableError' }
}

/** The user called off something still under way (a join that kept trying). */
export class CancelledError extends LifeboatError {
  constructor (message: string) { super('cancelled', message); this.name = 'CancelledError' }
}

/** An edit of, or reaction to, a message its author deleted: a deleted message takes no more changes. */
export class MessageDeletedError extends LifeboatError {
  constructor (message: string) { super('message-deleted', message); this.name = 'MessageDeletedError' }
}

export function errorMessage (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

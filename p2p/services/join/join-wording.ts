// What a joiner is told when a join cannot go ahead, in words a responder understands: where the
// inviter's device was looked for, and what to do. Pure, so the node, CLI and UI say the same.
import { JOIN_REFUSALS, type JoinRefusal } from '../../membership/invite-check.js'

/** "10.0.0.5:4101" for /ip4/10.0.0.5/tcp/4101/p2p/…, "[fe80::1]:4101" for IPv6, "a relay at …" for a relayed address. */
export function addrLabel (addr: string): string {
  const relayed = addr.includes('/p2p-circuit')
  const direct = /^\/(ip4|ip6|dns|dns4|dns6)\/([^/]+)\/(tcp|udp)\/(\d+)/.exec(addr)
  if (direct === null) return addr
  const host = direct[1] === 'ip6' ? `[${direct[2] ?? ''}]` : direct[2] ?? ''
  return relayed ? `a relay at ${host}:${direct[4] ?? ''}` : `${host}:${direct[4] ?? ''}`
}

/** "A", "A or B", "A, B or C", "A, B, C or 2 more addresses": each distinct label once. */
export function addrList (addrs: string[], shown = 3): string {
  const labels = [...new Set(addrs.map(addrLabel))]
  if (labels.length <= 1) return labels[0] ?? ''
  if (labels.length > shown) return `${labels.slice(0, shown).join(', ')} or ${labels.length - shown} more addresses`
  return `${labels.slice(0, -1).join(', ')} or ${labels.at(-1) ?? ''}`
}

/**
 * The inviter could not be reached. `waitedMs` when the join kept trying that long;
 * `othersAsked` how many other connected devices were asked (none of them an admin with the invite).
 */
export function inviterUnreachableText (addrs: string[], { waitedMs, othersAsked = 0 }: { waitedMs?: number, othersAsked?: number } = {}): string {
  const where = addrs.length === 0 ? 'The invite link gives no address for the inviter\'s device, and it is not connected to this device' : `The inviter's device cannot be reached at ${addrList(addrs)}`
  const when = waitedMs === undefined ? ' right now' : ` after trying for ${durationText(waitedMs)}`
  const others = othersAsked > 0 ? ` No other device connected to this one could admit you (${othersAsked} asked).` : ''
  return `${where}${when}. It may be offline or on another network.${others} Ask the inviter to open Lifeboat, then try again (or keep trying).`
}

/** The local wording of an admin's refusal: a known code's own text, so a remote peer cannot put words in the node's mouth. */
export function refusalText (code: string, remoteText: string): string {
  return code in JOIN_REFUSALS ? JOIN_REFUSALS[code as JoinRefusal] : `the admin refused: ${remoteText}`
}

function durationText (ms: number): string {
  if (ms < 90_000) return `${Math.round(ms / 1000)} s`
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`
  return `${Math.round(ms / 3_600_000)} h`
}

// What an invite's QR code holds: a v2 link (`lifeboat://join/2-…`, base32, any case) in upper
// case, so the whole link fits QR alphanumeric mode (5.5 bits a character, not 8) and the code
// has fewer, larger modules; a v1 link is case-sensitive and stays as it is. Pure; the renderer's
// invite dialog and the tests share it.
const COMPACT = /^lifeboat:\/\/join\/2-[a-z2-7]+$/i

export function inviteQrText (link: string): string {
  return COMPACT.test(link) ? link.toUpperCase() : link
}

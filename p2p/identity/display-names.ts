// Telling members apart when their names look alike. Two devices may pick the same display name,
// by accident or to pass as someone else, and a chat line shows nothing else. Members whose names
// are the same once normalised (letter case, Unicode compatibility forms, spacing, invisible
// characters, and a trailing five-digit group like the suffix added here) are shown as
// "Ana · 21400": the name and the first group of their fingerprint (more groups, should the
// first ones be equal too). Pure: the node applies it to every name the API returns.

export interface NamedMember {
  /** Whatever identifies the member to the caller (the node uses the Ed25519 key in hex). */
  key: string
  name: string
  /** Six groups of five digits (fingerprint.ts). */
  fingerprint: string
}

export const SUFFIX_SEPARATOR = ' · '

/** The form two names are compared in: "ANA ·\u200b 21400 " and "ana" are the same name. */
export function nameLikeness (name: string): string {
  return name.normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase()
    .replace(/(?:[\s\p{P}\p{S}]*\d{5})+$/u, '')
}

/** The display name of every member, by key: the name itself, or the name and a fingerprint suffix where names collide. */
export function displayNames (members: readonly NamedMember[]): Map<string, string> {
  const byLikeness = new Map<string, NamedMember[]>()
  for (const member of members) {
    const like = nameLikeness(member.name)
    byLikeness.set(like, [...(byLikeness.get(like) ?? []), member])
  }
  const out = new Map<string, string>()
  for (const group of byLikeness.values()) {
    if (group.length === 1) {
      for (const m of group) out.set(m.key, m.name)
      continue
    }
    const groups = group.map(m => m.fingerprint.split(' '))
    let count = 1
    while (count < 6 && new Set(groups.map(g => g.slice(0, count).join(' '))).size < group.length) count++
    group.forEach((m, i) => out.set(m.key, `${m.name}${SUFFIX_SEPARATOR}${(groups[i] ?? []).slice(0, count).join(' ')}`))
  }
  return out
}

// How a reaction chip names who reacted. Pure.

/** "👍 3: you, Ben Okafor, Carl Diaz": you first, then the others by name (the order reactions arrive in differs per device). */
export function reactionLabel (emoji: string, who: string[], me: string, nameOf: (peerId: string) => string): string {
  const others = who.filter(p => p !== me).map(nameOf).sort((a, b) => a.localeCompare(b))
  return `${emoji} ${who.length}: ${[...(who.includes(me) ? ['you'] : []), ...others].join(', ')}`
}

// A small seeded PRNG (mulberry32), so shuffles, fuzz inputs and random operations are
// reproducible from a printed seed. Unit and integration tests share this one.
export type Rng = () => number

export function mulberry32 (seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function randomInt (rng: Rng, maxExclusive: number): number {
  return Math.floor(rng() * maxExclusive)
}

export function randomBytesFrom (rng: Rng, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = randomInt(rng, 256)
  return out
}

/** The seed for this run: LIFEBOAT_TEST_SEED if set, else a fresh one (tests print it). */
export function testSeed (): number {
  const fromEnv = process.env.LIFEBOAT_TEST_SEED
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv) >>> 0
  return Math.floor(Math.random() * 0x1_0000_0000) >>> 0
}

/** Fisher-Yates on a copy. */
export function shuffled<T> (items: readonly T[], rng: Rng): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1)
    const tmp = out[i] as T
    out[i] = out[j] as T
    out[j] = tmp
  }
  return out
}

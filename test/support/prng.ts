// A small seeded PRNG (mulberry32), so fuzz inputs are reproducible from a printed seed. (The
// same generator as test/unit/support/prng.ts; integration helpers do not reach into unit/.)
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

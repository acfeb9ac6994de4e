// The shared seeded PRNG (test/support/prng.ts), for unit tests.
export * from '../../support/prng.js'

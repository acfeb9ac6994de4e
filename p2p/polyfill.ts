// libp2p 3 calls Promise.withResolvers, which Node 20 lacks. Without it every connection
// fails with a misleading ECONNRESET, so every entry point imports this module first.
const PromiseCtor = Promise as unknown as { withResolvers?: unknown }
if (typeof PromiseCtor.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void
      let reject!: (reason?: unknown) => void
      const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
      return { promise, resolve, reject }
    }
  })
}
export {}

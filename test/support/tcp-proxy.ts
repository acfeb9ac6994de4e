// A TCP proxy on 127.0.0.1 that can black-hole its path, the way a pulled cable or a changed IP
// address does: the sockets stay open, and nothing gets through in either direction. Sockets
// black-holed once stay dead (their bytes are lost, as with an address that is gone); sockets
// opened after `restore()` are forwarded again.
import net from 'node:net'

export class BlackHoleProxy {
  private holed = false
  private readonly dead = new Set<net.Socket>()
  private readonly sockets = new Set<net.Socket>()

  private constructor (private readonly server: net.Server, readonly port: number) {}

  /** Listens on 127.0.0.1 (a free port unless given) and forwards to 127.0.0.1:`targetPort`. */
  static async start (targetPort: number, port = 0): Promise<BlackHoleProxy> {
    const server = net.createServer()
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve) })
    const address = server.address()
    if (typeof address !== 'object' || address === null) throw new Error('proxy has no port')
    const proxy = new BlackHoleProxy(server, address.port)
    server.on('connection', client => proxy.accept(client, targetPort))
    return proxy
  }

  get addr (): string { return `/ip4/127.0.0.1/tcp/${this.port}` }

  /** From now on nothing passes, on the open sockets or on new ones, until `restore()`. */
  blackHole (): void {
    this.holed = true
    for (const socket of this.sockets) this.dead.add(socket)
  }

  /** New sockets are forwarded again; the ones black-holed stay silent. */
  restore (): void { this.holed = false }

  async stop (): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private accept (client: net.Socket, targetPort: number): void {
    const upstream = net.connect(targetPort, '127.0.0.1')
    for (const socket of [client, upstream]) {
      this.sockets.add(socket)
      if (this.holed) this.dead.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => {
        // A black hole carries no FIN or RST either: the other end must find out by itself.
        const silent = this.dead.has(socket)
        this.sockets.delete(socket)
        this.dead.delete(socket)
        if (!silent) { client.destroy(); upstream.destroy() }
      })
    }
    const pipe = (from: net.Socket, to: net.Socket): void => {
      from.on('data', chunk => { if (!this.dead.has(from) && !this.dead.has(to)) to.write(chunk) })
    }
    pipe(client, upstream)
    pipe(upstream, client)
  }
}

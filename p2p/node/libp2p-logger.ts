// libp2p's default logger builds three `debug` loggers for every connection and stream it opens
// (and asks each time whether stderr is a terminal, a system call): ~1 % of a busy node's CPU,
// for output nobody sees unless DEBUG names libp2p's namespaces. Without DEBUG the node gets
// loggers that do and make nothing; with it, libp2p's own (undefined here).
import type { ComponentLogger, Logger } from '@libp2p/interface'

const nothing = (): void => {}
const silent: Logger = Object.assign(nothing.bind(null), { error: nothing, trace: nothing, enabled: false, newScope: () => silent })
const SILENT: ComponentLogger = { forComponent: () => silent }

export function libp2pLogger (debug = process.env.DEBUG): ComponentLogger | undefined {
  return debug === undefined || debug.trim() === '' ? SILENT : undefined
}

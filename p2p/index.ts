// The Lifeboat node library. Hosts (daemon, Electron main, browser mode) start a node with
// createLifeboat and talk to it only through the API contract in ./api/types.ts.
import './polyfill.js'

export { createLifeboat } from './node/create.js'
export type { LifeboatNode, LifeboatOptions, NodeLimits } from './node/options.js'
export * from './api/types.js'
export { LifeboatError } from './errors.js'

// Process entry point of the `lifeboat` command (bin/lifeboat imports this after the polyfill).
import '../../polyfill.js'
import { main } from './program.js'

// `lifeboat messages X | head` closes our stdout early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); throw err })

process.exitCode = await main(process.argv)

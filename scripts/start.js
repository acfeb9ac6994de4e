#!/usr/bin/env node
// `npm start`: runs Lifeboat on the default data folder. The desktop shell needs the Electron
// binary; until it is installed (it cannot be downloaded on an offline machine) this starts the
// headless node instead and says so in one line. The CLI (`bin/lifeboat`) talks to it.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const launcher = fileURLToPath(new URL('../bin/lifeboat', import.meta.url))
console.error('lifeboat: no desktop UI in this build yet; starting the headless node on the default data folder (Ctrl-C to stop). Use bin/lifeboat in another terminal.')
const child = spawn(process.execPath, [launcher, 'daemon', ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))

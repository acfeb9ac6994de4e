// Opens (or creates) a device's data folder and starts its node.
import { ChunkStore } from '../storage/chunk-store.js'
import { mkdir } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { checkDisplayName } from '../identity/display-name.js'
import { decodeIdentity, encodeIdentity, generateIdentity } from '../identity/identity.js'
import { unlockDataFolder } from '../storage/keyring-file.js'
import { Store } from '../storage/store.js'
import { createNodeLibp2p } from './libp2p-config.js'
import { firstTcpPort, readRememberedPort, rememberPort, resolveListenAddrs } from './listen-port.js'
import { LifeboatNodeImpl } from './lifeboat-node.js'
import { MDNS_SERVICE_TAG } from '../net/protocols.js'
import { LanDiscovery, MDNS_OFF } from '../services/discovery/lan-discovery.js'
import { MemberScores } from '../services/gossip/member-scores.js'
import { DEFAULT_PENDING_INBOUND, NetworkGate } from './network-gate.js'
import type { LifeboatNode, LifeboatOptions } from './options.js'

export async function createLifeboat (options: LifeboatOptions): Promise<LifeboatNode> {
  // Checked as setName checks it (stricter than the join's rule), so joins never fail on our name.
  const chosenName = options.name === undefined ? undefined : checkDisplayName(options.name)
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  // The keyring is checked before the store is opened: a wrong passphrase changes nothing.
  const { dataKey } = await unlockDataFolder(options.dataDir, options.protection ?? { kind: 'none' })
  const store = await Store.open(join(options.dataDir, 'store'), dataKey)
  try {
    const stored = await store.getIdentity()
    const me = stored === undefined ? await generateIdentity() : decodeIdentity(stored)
    if (stored === undefined) await store.putIdentity(encodeIdentity(me))
    if (chosenName !== undefined) await store.putProfileName(chosenName)
    const name = chosenName ?? await store.getProfileName() ?? hostname()
    const gate = new NetworkGate({ ...DEFAULT_PENDING_INBOUND, ...options.limits?.pendingInbound })
    const scores = new MemberScores()
    const listen = await resolveListenAddrs(options.listen ?? ['/ip4/0.0.0.0/tcp/0'],
      { chosen: options.port, remembered: await readRememberedPort(options.dataDir) }, options.warn ?? warnOnStderr)
    const lan = (options.mdns ?? true) ? new LanDiscovery({ serviceTag: MDNS_SERVICE_TAG }) : undefined
    const libp2p = await createNodeLibp2p({
      privateKey: me.libp2pKey,
      gater: gate.gater(),
      peerScore: scores.score,
      isMember: scores.isMember,
      listen,
      ...(options.announce === undefined ? {} : { announce: options.announce }),
      mdns: lan ?? false,
      dht: options.dht ?? true,
      relayOnly: options.relayOnly ?? false
    })
    const node = new LifeboatNodeImpl(libp2p, { gate, scores, limits: options.limits ?? {}, liveness: options.liveness ?? {}, relayOnly: options.relayOnly ?? false, discovery: () => lan?.status() ?? MDNS_OFF }, me, store, new ChunkStore(join(options.dataDir, "chunks")), join(options.dataDir, 'uploads'), name, options.syncIntervalMs ?? 15_000, options.rotateEveryMs)
    await node.start()
    const port = firstTcpPort(listen)
    if (port !== undefined) await rememberPort(options.dataDir, port)
    return node
  } catch (err) {
    await store.close().catch(() => undefined)
    throw err
  }
}

function warnOnStderr (message: string): void { process.stderr.write(`lifeboat: ${message}\n`) }

// What this device keeps about other devices, apart from any incident: where each was last
// reached (peer records), members' signed address records, the peers its user blocked, and the
// fingerprints its user verified. Part of the local store (store.ts), in the same database; the
// peer and address records are sealed under the data key (they tell where members were).
import type { Level } from 'level'
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { parseShape, uint } from '../codec/shape.js'
import { keys } from './keys.js'
import { openRecord, sealRecord } from './sealed-record.js'

const PeerRecord = z.object({ addrs: z.array(z.string()), lastSeen: uint() })
export type PeerRecord = z.infer<typeof PeerRecord>

const MAX_RECORD = 1024 * 1024

export class DeviceRecords {
  constructor (private readonly db: Level<string, Uint8Array>, private readonly dataKey: Uint8Array) {}

  /** Peers this device refuses to talk to. */
  async blockedPeers (): Promise<string[]> {
    return (await this.db.keys(keys.blockedAll).all()).map(key => key.slice(keys.blockedAll.gte.length))
  }

  async setBlocked (peerId: string, blocked: boolean): Promise<void> {
    if (blocked) await this.db.put(keys.blocked(peerId), new Uint8Array(0), { sync: true })
    else await this.db.del(keys.blocked(peerId), { sync: true })
  }

  /** The fingerprint this device's user checked for a member ("verified"), if any. */
  async getVerified (peerId: string): Promise<string | undefined> {
    const raw = await this.db.get(keys.verified(peerId))
    return raw === undefined ? undefined : new TextDecoder().decode(raw)
  }

  async putVerified (peerId: string, fingerprint: string): Promise<void> {
    await this.db.put(keys.verified(peerId), new TextEncoder().encode(fingerprint), { sync: true })
  }

  async peers (): Promise<Array<[string, PeerRecord]>> {
    const out: Array<[string, PeerRecord]> = []
    for await (const [key, value] of this.db.iterator(keys.peers)) {
      out.push([key.slice(keys.peers.gte.length), parseShape(PeerRecord, decodeCbor(openRecord(this.dataKey, key, value), MAX_RECORD), 'peer record')])
    }
    return out
  }

  async putPeer (peerId: string, record: PeerRecord): Promise<void> {
    await this.putSealed(keys.peer(peerId), encodeCbor(record))
  }

  /**
   * Members' signed address records (services/peers/addr-record.ts), as their wire bytes: apart
   * from the peer records, so the signed and the locally learnt addresses never overwrite
   * each other. The caller decodes and checks them.
   */
  async addrRecords (): Promise<Uint8Array[]> {
    return (await this.db.iterator(keys.addrRecords).all()).map(([key, value]) => openRecord(this.dataKey, key, value))
  }

  async putAddrRecord (peerId: string, wire: Uint8Array): Promise<void> {
    await this.putSealed(keys.addrRecord(peerId), wire)
  }

  private async putSealed (key: string, plaintext: Uint8Array): Promise<void> {
    await this.db.put(key, sealRecord(this.dataKey, key, plaintext))
  }
}

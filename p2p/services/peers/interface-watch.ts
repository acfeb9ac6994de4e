// Notices a change of the machine's own network addresses (a new DHCP lease, a Wi-Fi roam, a
// cable moved to another switch) by polling os.networkInterfaces(): Node has no event for it.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'

/** The machine's non-internal addresses as one comparable string. */
export function externalAddressSet (interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  const addrs: string[] = []
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) if (!info.internal) addrs.push(`${name} ${info.address}`)
  }
  return addrs.sort().join(',')
}

/** Calls `changed` when the set differs from the last look; returns the stop function. */
export function watchInterfaces (pollMs: number, changed: () => void, read: () => NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces): () => void {
  let last = externalAddressSet(read())
  const timer = setInterval(() => {
    const now = externalAddressSet(read())
    if (now === last) return
    last = now
    changed()
  }, pollMs)
  timer.unref()
  return () => clearInterval(timer)
}

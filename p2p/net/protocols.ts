// Protocol ids and service names, built from constants in one place.
const PREFIX = '/lifeboat'

export const JOIN_PROTOCOL = `${PREFIX}/join/1.0.0`
export const SYNC_PROTOCOL = `${PREFIX}/sync/1.0.0`
/** The private DHT speaks under our own prefix, so it never joins the public IPFS DHT. */
export const DHT_PROTOCOL = `${PREFIX}/kad/1.0.0`
export const MDNS_SERVICE_TAG = 'lifeboat'
export const HEADS_PROTOCOL = `${PREFIX}/heads/1.0.0`
/** Members' signed address records (services/peers/addr-exchange.ts). */
export const ADDRS_PROTOCOL = `${PREFIX}/addrs/1.0.0`
/** Encrypted file chunks by hash (services/blocks/). */
export const BLOCKS_PROTOCOL = `${PREFIX}/blocks/1.0.0`
/** Call signalling between members' nodes (services/call/). */
export const CALL_PROTOCOL = `${PREFIX}/call/1.0.0`
/** Gossipsub's own protocol ids (`/meshsub/1.x.0`): its streams and who speaks it. */
export const GOSSIP_PROTOCOL_PREFIX = '/meshsub/'

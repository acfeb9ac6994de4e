// How a file is described in the page: sizes, rates and time left, and which files are shown as
// images. Pure.
import type { FileInfo } from '../../p2p/api/types.js'

/** Image types shown as a preview (decrypted in the page, never fetched from anywhere else). */
const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
export const MAX_PREVIEW_BYTES = 25 * 1024 * 1024

export function previewable (file: Pick<FileInfo, 'type' | 'size'>): boolean {
  return PREVIEW_TYPES.has(file.type) && file.size <= MAX_PREVIEW_BYTES
}

/** "812 B", "4.2 KiB", "17.0 MiB", "1.20 GiB". */
export function sizeText (bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++ }
  return `${value.toFixed(value < 10 && unit >= 2 ? 2 : 1)} ${units[unit] ?? 'TiB'}`
}

/** "3.1 MiB/s, 12 s left" (or just the rate while it is unknown). */
export function rateText (done: number, size: number, rate: number): string {
  if (rate <= 0) return 'starting…'
  const left = Math.ceil((size - done) / rate)
  const eta = left < 60 ? `${left} s` : left < 3600 ? `${Math.floor(left / 60)} min ${left % 60} s` : `${Math.floor(left / 3600)} h ${Math.floor((left % 3600) / 60)} min`
  return `${sizeText(rate)}/s, ${eta} left`
}

/** The icon of a file's kind, by its media type. */
export function kindOf (type: string): 'image' | 'text' | 'archive' | 'file' {
  if (type.startsWith('image/')) return 'image'
  if (type.startsWith('text/') || type === 'application/json' || type === 'message/rfc822') return 'text'
  if (type === 'application/zip' || type === 'application/gzip') return 'archive'
  return 'file'
}

/** "held by 2 of 3": members holding a verified copy, of the incident's members. */
export function heldText (file: Pick<FileInfo, 'holders'>, members: number): string {
  return `held by ${file.holders.length} of ${Math.max(members, file.holders.length)}`
}

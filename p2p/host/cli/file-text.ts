// Human text for shared files: sizes, the file list, and the progress line `file get` draws on a
// terminal's stderr while chunks arrive. Pure.
import type { FileInfo, FileProgress } from '../../api/types.js'

export function bytesText (n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = n
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++ }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] as string}`
}

export function fileList (files: FileInfo[]): string {
  if (files.length === 0) return 'no files shared yet'
  return files.map(f => `${f.id}  ${f.name}  ${bytesText(f.size)}  sha256 ${f.sha256.slice(0, 16)}…  by ${f.authorName}${f.evidence ? '  [evidence]' : ''}  ${f.local ? 'here' : 'not here'}, held by ${f.holders.length}`).join('\n')
}

/** "[#########-----------]  45%  12.0 MiB of 26.5 MiB  8.1 MiB/s  ETA 2s  from 2 members" */
export function progressLine (p: FileProgress, width = 20): string {
  const share = p.size === 0 ? 1 : Math.min(1, p.done / p.size)
  const filled = Math.round(share * width)
  const eta = p.rate > 0 ? `ETA ${Math.ceil((p.size - p.done) / p.rate)}s` : 'ETA –'
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${bytesText(p.done)} of ${bytesText(p.size)}  ${bytesText(p.rate)}/s  ${eta}  from ${p.sources} member${p.sources === 1 ? '' : 's'}`
}

// Files from a drop or a paste. A pasted screenshot arrives as "image.png": it is named after
// when it was pasted, so several pasted images stay apart.

export function droppedFiles (data: DataTransfer | null): File[] {
  return [...(data?.files ?? [])]
}

/** True while a drag carries files (not text or a link). */
export function carriesFiles (data: DataTransfer | null): boolean {
  return data !== null && [...data.types].includes('Files')
}

/** The images on the clipboard, renamed "pasted-20261130-141503.png". */
export function pastedImages (data: DataTransfer | null, now = new Date()): File[] {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
  return [...(data?.files ?? [])].filter(f => f.type.startsWith('image/')).map((f, i, all) => {
    const ext = f.type.slice('image/'.length).replace('jpeg', 'jpg').replace(/[^a-z0-9]/g, '')
    return new File([f], `pasted-${stamp}${all.length > 1 ? `-${i + 1}` : ''}.${ext}`, { type: f.type })
  })
}

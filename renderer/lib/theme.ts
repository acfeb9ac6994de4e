// Light, dark and high-contrast themes. "system" follows prefers-color-scheme (and
// prefers-contrast: more); the choice is kept on this device.
import { useEffect } from 'react'
import { useStored } from './hooks.js'

export const THEMES = ['system', 'light', 'dark', 'contrast'] as const
export type Theme = typeof THEMES[number]
export const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark', contrast: 'High contrast' }

export function useTheme (): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useStored<Theme>('lifeboat.theme', 'system')
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
  }, [theme])
  return [THEMES.includes(theme) ? theme : 'system', setTheme]
}

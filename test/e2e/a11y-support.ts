// What the accessibility e2e measures in the page: axe-core's findings on the screen as it is
// (in each theme), and the layout facts behind "the top bar never scrolls away" and "the task
// columns do not overlap their cards". Page code is passed as strings: the tests are compiled
// without the DOM library.
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** The themes every screen is checked in; `data-theme` is what renderer/lib/theme.ts sets. */
export const THEMES = ['light', 'dark', 'contrast'] as const
export type ThemeName = typeof THEMES[number]

export interface Finding { screen: string, theme: ThemeName, id: string, impact: string, help: string, target: string, summary: string }

interface AxeViolation { id: string, impact: string | null, help: string, nodes: Array<{ target: string, summary: string }> }

async function setTheme (page: Page, theme: ThemeName): Promise<void> {
  await page.evaluate(`document.documentElement.dataset.theme = ${JSON.stringify(theme)}`)
}

/** Runs axe-core on the page in every theme; returns the critical and serious findings. */
export async function audit (page: Page, screen: string): Promise<Finding[]> {
  if (await page.evaluate('typeof window.axe') === 'undefined') await page.addScriptTag({ path: AXE_SCRIPT })
  const findings: Finding[] = []
  for (const theme of THEMES) {
    await setTheme(page, theme)
    const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\\s+/g, ' ') }))
    })))`) as AxeViolation[]
    for (const v of violations) {
      if (v.impact !== 'critical' && v.impact !== 'serious') continue
      for (const n of v.nodes) findings.push({ screen, theme, id: v.id, impact: v.impact, help: v.help, target: n.target, summary: n.summary })
    }
  }
  await setTheme(page, 'light')
  return findings
}

/** One line per finding, for the failure message. */
export function describeFindings (findings: Finding[]): string {
  return findings.map(f => `- [${f.impact}] ${f.id} on ${f.screen} (${f.theme}): ${f.target} — ${f.help}. ${f.summary}`).join('\n')
}

export interface PageScroll { viewportHeight: number, scrollHeight: number, topBarTop: number }

/** Scrolls the document as far as it goes and reports its height and where the top bar is (call resetScroll after). */
export async function pageScroll (page: Page): Promise<PageScroll> {
  return await page.evaluate(`(() => {
    const doc = document.scrollingElement
    doc.scrollTop = doc.scrollHeight
    window.scrollTo(0, doc.scrollHeight)
    return { viewportHeight: window.innerHeight, scrollHeight: doc.scrollHeight, topBarTop: document.querySelector('.topbar').getBoundingClientRect().top }
  })()`) as PageScroll
}

export async function resetScroll (page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
}

/** Whether an element scrolls inside itself: taller content than box, and scrollTop moves. */
export async function scrollsInside (page: Page, selector: string): Promise<boolean> {
  return await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)})
    if (el === null || el.scrollHeight <= el.clientHeight) return false
    el.scrollTop = 40
    const moved = el.scrollTop > 0
    el.scrollTop = 0
    return moved
  })()`) as boolean
}

interface Box { what: string, left: number, top: number, right: number, bottom: number }

/**
 * Pairs of task columns and cards whose boxes overlap (a card drawn over another column, or a
 * column drawn over a card of another column), and cards that stick out of their own column.
 */
export async function boardOverlaps (page: Page): Promise<string[]> {
  const boxes = await page.evaluate(`[...document.querySelectorAll('.board .column')].map((col, c) => {
    const box = (el, what) => { const r = el.getBoundingClientRect(); return { what, left: r.left, top: r.top, right: r.right, bottom: r.bottom } }
    return { column: box(col, 'column ' + c), cards: [...col.querySelectorAll('.task-card')].map((card, i) => box(card, 'card ' + i + ' of column ' + c)) }
  })`) as Array<{ column: Box, cards: Box[] }>
  const overlap = (a: Box, b: Box): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5
  const inside = (a: Box, b: Box): boolean => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5
  const problems: string[] = []
  for (const [i, col] of boxes.entries()) {
    for (const card of col.cards) if (!inside(card, col.column)) problems.push(`${card.what} sticks out of its column`)
    for (const [j, other] of boxes.entries()) {
      if (i === j) continue
      if (overlap(col.column, other.column)) problems.push(`${col.column.what} overlaps ${other.column.what}`)
      for (const card of other.cards) if (overlap(col.column, card)) problems.push(`${col.column.what} overlaps ${card.what}`)
    }
  }
  return [...new Set(problems)]
}

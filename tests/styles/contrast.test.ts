import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AVATAR_COLORS } from '../../src/components/TUIAvatar/initials'

/** The custom properties of the first rule in a CSS file (`--name: #hex`). */
function tokens(file: string): Map<string, string> {
  const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
  const body = css.slice(css.indexOf('{') + 1, css.indexOf('}'))
  const map = new Map<string, string>()
  for (const [, name, value] of body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) map.set(name, value.trim())
  return map
}

const light = tokens('src/styles/tokens.css')
/** Dark mode overrides the global tier only: the light value stands where dark.css says nothing. */
const dark = new Map([...light, ...tokens('src/styles/dark.css')])
const themes = [
  ['light', light],
  ['dark', dark],
] as const

function luminance(hex: string): number {
  const match = /^#([0-9a-f]{6})$/i.exec(hex)
  if (!match) throw new Error(`Expected a #rrggbb colour, got ${hex}`)
  const n = Number.parseInt(match[1], 16)
  const channel = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255)
}

/** WCAG 2.x contrast ratio. */
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

function value(theme: Map<string, string>, name: string): string {
  const found = theme.get(name)
  if (!found) throw new Error(`${name} is not defined`)
  return found
}

describe('WCAG contrast of the theme tokens', () => {
  it('computes the ratio as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })

  describe.each(themes)('%s theme', (_, theme) => {
    it.each(Array.from({ length: AVATAR_COLORS }, (_, i) => [i]))('avatar colour %i keeps its initials at 4.5:1 or more', (i) => {
      const ratio = contrast(value(theme, `--tui-color-avatar-${i}`), value(theme, '--tui-color-avatar-text'))
      expect(ratio, `--tui-color-avatar-${i}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5)
    })

    const surfaces = ['--tui-color-bg', '--tui-color-bg-subtle', '--tui-color-bg-hover', '--tui-color-bg-active', '--tui-color-bg-pinned']
    it.each(['--tui-color-text', '--tui-color-text-secondary', '--tui-color-text-muted'])('%s reads at 4.5:1 on every surface', (text) => {
      for (const surface of surfaces) {
        const ratio = contrast(value(theme, text), value(theme, surface))
        expect(ratio, `${text} on ${surface}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5)
      }
    })

    it.each([
      ['--tui-color-badge-text', '--tui-color-badge'],
      ['--tui-color-accent-contrast', '--tui-color-accent'],
      ['--tui-color-notice-text', '--tui-color-notice-bg'],
    ])('%s on %s reads at 4.5:1', (text, bg) => {
      expect(contrast(value(theme, text), value(theme, bg))).toBeGreaterThanOrEqual(4.5)
    })

    it.each(['--tui-color-online', '--tui-color-offline', '--tui-color-unlogined', '--tui-color-unknown'])('%s stands out at 3:1 from the surface (a graphic)', (dot) => {
      expect(contrast(value(theme, dot), value(theme, '--tui-color-bg'))).toBeGreaterThanOrEqual(3)
    })
  })
})

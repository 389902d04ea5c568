import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type DefaultTheme } from 'vitepress'
import { componentDocs } from './api/meta'
import { expandApiMarkers } from './api/render'

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

/** Hand-written component pages with a live example; every other public component has its generated page. */
const COMPONENT_PAGES: Record<string, string> = {
  TUIConversation: '/components/conversation',
  TUIContact: '/components/contact',
  TUIStatusDot: '/components/status-dot',
  TUIAvatar: '/components/avatar',
  TUIStatusEditor: '/components/status-editor',
  TUIPresenceCard: '/components/presence-card',
  TUILastSeen: '/components/last-seen',
}

/** Pages included into others, not pages of their own. */
const INCLUDED = ['tencent.md']

/**
 * Documents kept beside the code in docs/*.md that no sidebar group names yet: listed under "More", titled by
 * their first heading, so a document added there is never left without a link.
 */
function unlistedDocs(listed: DefaultTheme.SidebarItem[]): DefaultTheme.SidebarItem[] {
  const links = new Set<string>()
  const walk = (items: DefaultTheme.SidebarItem[]) => {
    for (const item of items) {
      if (item.link) links.add(item.link.replace(/\.html$/, ''))
      if (item.items) walk(item.items)
    }
  }
  walk(listed)
  const dir = fileURLToPath(new URL('..', import.meta.url))
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'index.md' && !INCLUDED.includes(name) && !links.has(`/${name.slice(0, -3)}`))
    .sort()
    .map((name) => {
      const title = /^#\s+(.+)$/m.exec(readFileSync(`${dir}/${name}`, 'utf8'))?.[1]?.trim() ?? name.slice(0, -3)
      return { text: title, link: `/${name.slice(0, -3)}` }
    })
}

function withUnlisted(groups: DefaultTheme.SidebarItem[]): DefaultTheme.SidebarItem[] {
  const more = unlistedDocs(groups)
  if (more.length === 0) return groups
  const api = groups.length - 1
  return [...groups.slice(0, api), { text: 'More', items: more }, ...groups.slice(api)]
}

function apiSidebar(): DefaultTheme.SidebarItem[] {
  return [
    { text: 'All components', link: '/api/' },
    ...componentDocs().map((doc) => ({ text: doc.name, link: `/api/${doc.name}` })),
  ]
}

export default defineConfig({
  title: 'tui-presence-kit',
  description: 'Vue 3 chat lists with correct, fast and accessible online status, for Tencent Chat and a self-contained engine.',
  lang: 'en-US',
  cleanUrls: false,
  lastUpdated: false,
  // Pages included into others (their text is edited where it lives, the site shows it through an include).
  srcExclude: INCLUDED,
  // Links to repository files (tests, sources) from the included documents are not pages of the site.
  ignoreDeadLinks: [/^\.\.\/(src|tests|bench|server|playground)\//, /\.(ts|vue|json|mjs|sh)$/],
  head: [
    ['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    ['meta', { name: 'theme-color', content: '#1f9d63' }],
  ],
  markdown: {
    config(md) {
      // `<!-- @api Name -->` becomes that component's props, events and slots tables, read from its types.
      const parse = md.parse.bind(md)
      md.parse = (src, env) => parse(expandApiMarkers(src, componentDocs), env)
    },
  },
  vite: {
    resolve: {
      // Examples import the public package entry, exactly as an app does; here it is the source.
      alias: [
        { find: /^tui-presence-kit$/, replacement: repo('src/index.ts') },
        { find: /^tui-presence-kit\/tencent$/, replacement: repo('src/tencent.ts') },
        { find: /^tui-presence-kit\/style\.css$/, replacement: repo('src/styles/index.css') },
      ],
    },
    server: { host: '127.0.0.1', port: 5180 },
    preview: { host: '127.0.0.1', port: 4180 },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Components', link: '/components/conversation' },
      { text: 'API', link: '/api/' },
      { text: 'Migrating', link: '/migration' },
    ],
    search: { provider: 'local' },
    outline: [2, 3],
    sidebar: withUnlisted([
      {
        text: 'Introduction',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'Presence model', link: '/presence' },
          { text: 'Migrating from the official TUIKit', link: '/migration' },
        ],
      },
      {
        text: 'Components',
        // Hand-written pages first, then every other TUI component of the package entry, by its generated page.
        items: [
          ...Object.entries(COMPONENT_PAGES).map(([text, link]) => ({ text, link })),
          ...componentDocs()
            .filter((doc) => doc.name.startsWith('TUI') && !(doc.name in COMPONENT_PAGES))
            .map((doc) => ({ text: doc.name, link: `/api/${doc.name}` })),
        ],
      },
      {
        text: 'Engines',
        items: [
          { text: 'Overview', link: '/engines/' },
          { text: 'Embedded engine', link: '/engines/embedded' },
          { text: 'Tencent Chat', link: '/engines/tencent' },
          { text: 'Presence server', link: '/engines/presence-server' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'Tencent Chat set-up', link: '/guides/tencent-chat' },
          { text: 'Presence server and Redis', link: '/server' },
          { text: 'Presence server security', link: '/security' },
          { text: 'Server rendering', link: '/guides/server-rendering' },
          { text: 'Theming and CSS variables', link: '/guides/theming' },
          { text: 'Internationalisation', link: '/guides/i18n' },
          { text: 'Accessibility', link: '/guides/accessibility' },
        ],
      },
      {
        text: 'Quality',
        items: [
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'Presence server load', link: '/server-bench' },
          { text: 'Reliability', link: '/reliability' },
        ],
      },
      { text: 'API reference', collapsed: false, items: apiSidebar() },
    ]),
    footer: { message: 'Released under the MIT License.' },
  },
})

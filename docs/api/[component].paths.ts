import { componentDocs } from '../.vitepress/api/meta'
import { renderComponentPage } from '../.vitepress/api/render'

/** One page per public component, generated from its types (see .vitepress/api/meta.ts). */
export default {
  watch: ['../../src/**/*.vue', '../../src/**/*.ts'],
  paths() {
    return componentDocs().map((doc) => ({ params: { component: doc.name }, content: renderComponentPage(doc) }))
  },
}

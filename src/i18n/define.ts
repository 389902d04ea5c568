/**
 * One area's messages, English first: `zh-CN` (and every later shipped locale) must have exactly the same keys,
 * or the type check fails. Values are plain strings with `{name}` placeholders; the English text is the source of
 * the placeholder names, so `t('status.lastSeen', { status })` is checked against it.
 *
 * @example
 * export const editorMessages = defineMessages({
 *   en: { 'editor.title': 'Set a status' },
 *   'zh-CN': { 'editor.title': '设置状态' },
 * })
 */
export function defineMessages<const E extends Readonly<Record<string, string>>>(messages: {
  en: E
  'zh-CN': { readonly [K in keyof E]: string }
}): { en: E; 'zh-CN': { readonly [K in keyof E]: string } } {
  return messages
}

/** The placeholder names of a message text: `'last seen {status}'` -> `'status'`. */
export type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersOf<Rest> : never

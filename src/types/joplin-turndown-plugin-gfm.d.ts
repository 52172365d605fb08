/** The package has no types; it exports turndown plugins. */
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown'

  type Plugin = (service: TurndownService) => void
  const plugins: { gfm: Plugin, tables: Plugin, strikethrough: Plugin, taskListItems: Plugin, highlightedCodeBlock: Plugin }
  export default plugins
}

/**
 * The package ships only `declare module 'domino'` (its name before the fork), which TypeScript
 * cannot bind to `@mixmark-io/domino`; and this project's lib has no DOM. These are the few DOM
 * members the WordPress importer uses (src/import/wordpress/html-text.ts loads it).
 */
declare module '@mixmark-io/domino' {
  /** childNodes is iterable; getElementsByTagName, children and some querySelectorAll results are live collections that are not. */
  export interface DomNodeList<T> extends ArrayLike<T>, Iterable<T> {}

  export interface DomNode {
    readonly nodeType: number
    readonly nodeName: string
    nodeValue: string | null
    textContent: string | null
    readonly parentNode: DomElement | null
    readonly childNodes: DomNodeList<DomNode>
    readonly firstChild: DomNode | null
    readonly nextSibling: DomNode | null
    readonly ownerDocument: DomDocument
    cloneNode (deep?: boolean): DomNode
    appendChild<T extends DomNode> (node: T): T
    insertBefore<T extends DomNode> (node: T, child: DomNode | null): T
    replaceChild (node: DomNode, child: DomNode): DomNode
    removeChild<T extends DomNode> (child: T): T
    remove (): void
    // replaceWith, before and after are left out on purpose: they go through a DocumentFragment,
    // and domino 2.2's fragment insertion splices at a stale cached index (losing a sibling).
  }

  export interface DomElement extends DomNode {
    readonly tagName: string
    innerHTML: string
    getAttribute (name: string): string | null
    setAttribute (name: string, value: string): void
    hasAttribute (name: string): boolean
    /** For a bare tag name domino returns the live, non-iterable getElementsByTagName collection. */
    querySelectorAll (selectors: string): ArrayLike<DomElement>
    getElementsByTagName (name: string): ArrayLike<DomElement>
    readonly children: ArrayLike<DomElement>
  }

  export interface DomDocument extends DomNode {
    readonly body: DomElement
    readonly documentElement: DomElement
    createElement (tagName: string): DomElement
    createTextNode (data: string): DomNode
  }

  const domino: { createDocument (html?: string, force?: boolean): DomDocument }
  export default domino
}

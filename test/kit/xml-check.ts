// A small, strict XML 1.0 well-formedness check for the JUnit report: the project has no XML parser, and needs only this.

const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*'
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y
const TAG = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/?)>`, 'y')
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*"([^"<]*)"`, 'g')

function allowed (codePoint: number): boolean {
  return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) || (codePoint >= 0xe000 && codePoint <= 0xfffd) || codePoint >= 0x10000
}

/** Checks `&` only starts references and every character is one XML can hold. */
function checkText (text: string, where: string): void {
  for (const char of text) {
    if (!allowed(char.codePointAt(0) as number)) throw new Error(`${where}: character U+${(char.codePointAt(0) as number).toString(16)} is not allowed`)
  }
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    REFERENCE.lastIndex = at
    if (!REFERENCE.test(text)) throw new Error(`${where}: a bare & at ${at}`)
  }
}

export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

function decode (text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g, (_, ref: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (named[ref] !== undefined) return named[ref]
    return String.fromCodePoint(ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10))
  })
}

/** Parses the document or throws saying where it is not well-formed. */
export function parseXml (xml: string): XmlElement {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
  if (!xml.startsWith(declaration)) throw new Error('no XML declaration')
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  let at = declaration.length
  while (at < xml.length) {
    const next = xml.indexOf('<', at)
    const text = xml.slice(at, next === -1 ? xml.length : next)
    checkText(text, `text at ${at}`)
    const parent = stack.at(-1)
    if (parent === undefined && text.trim() !== '') throw new Error(`text outside the root element at ${at}`)
    if (parent !== undefined) parent.text += decode(text)
    if (next === -1) break
    TAG.lastIndex = next
    const match = TAG.exec(xml)
    if (match === null) throw new Error(`malformed tag at ${next}: ${xml.slice(next, next + 40)}`)
    const [whole, closing, name = '', attributeText = '', selfClosing] = match
    if (closing === '/') {
      if (stack.pop()?.name !== name) throw new Error(`</${name}> at ${next} closes nothing open`)
    } else {
      const attributes: Record<string, string> = {}
      for (const [, key = '', value = ''] of attributeText.matchAll(ATTRIBUTE)) {
        if (key in attributes) throw new Error(`duplicate attribute ${key} at ${next}`)
        checkText(value, `attribute ${key} at ${next}`)
        attributes[key] = decode(value)
      }
      const element: XmlElement = { name, attributes, children: [], text: '' }
      if (parent !== undefined) parent.children.push(element)
      else if (root === undefined) root = element
      else throw new Error(`a second root element at ${next}`)
      if (selfClosing !== '/') stack.push(element)
    }
    at = next + whole.length
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name ?? ''}> is never closed`)
  if (root === undefined) throw new Error('no root element')
  return root
}

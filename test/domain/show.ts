// Writes any text as a one-line test title: characters outside printable ASCII become <U+XXXX>.
export const show = (text: string): string =>
  '"' +
  text.replace(/[^\x20-\x7e]/gu, (c) => `<U+${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}>`) +
  '"'

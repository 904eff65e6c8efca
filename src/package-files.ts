// Where the package's own files are. Every such URL is made here, in a module at the top of the
// compiled code, so that it holds from dist/ and src/ alike, and in the command's single-file build
// (dist/futureagi-mock.js), whose modules all run from dist/ whatever folder they came from.

/** The package's manifest, one level above src/ and dist/. */
export const PACKAGE_JSON = new URL('../package.json', import.meta.url)
/** The fixtures that ship with the package, next to src/ and dist/. */
export const FIXTURES_DIR = new URL('../fixtures/', import.meta.url)
/** The journal search's worker thread, a module of its own. */
export const JOURNAL_SEARCH_WORKER = new URL('./control/journal-search-worker.js', import.meta.url)
/** The inspector page's files. */
export const INSPECTOR_DIR = new URL('./inspector/', import.meta.url)

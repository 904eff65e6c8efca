// Run test ids as the platform's router accepts them.

/** Django's `uuid` path converter: lowercase hex, hyphenated, nothing else (uppercase does not match). */
const RUN_TEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function isRunTestId (value: string): boolean {
  return RUN_TEST_ID.test(value)
}

// Every error the contract kit raises: a command line it cannot use, a spent request budget, a recording it will not write.

/** A flag that is missing, unknown or has a value the command cannot use; the message names the flag. */
export class KitUsageError extends Error {
  override name = 'KitUsageError'
  readonly flag: string

  constructor (flag: string, reason: string) {
    super(`${flag}: ${reason}`)
    this.flag = flag
  }
}

/**
 * Raised instead of sending a request once the list of checks has used `maxRequests`; the checks that
 * needed it are reported as not run, never as passed.
 */
export class BudgetExhaustedError extends Error {
  override name = 'BudgetExhaustedError'

  constructor (maxRequests: number) {
    super(`the budget of ${maxRequests} requests is spent (raise --max-requests to check more)`)
  }
}

/** A recording that cannot be written: the server answered badly, the run moved, or the mock would not load it. */
export class RecordError extends Error {
  override name = 'RecordError'
}

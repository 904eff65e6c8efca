// Starts a command with exactly the environment a test gives it, as a user's shell would.
//
// tap's process tracking (@tapjs/processinfo) puts its preload in the NODE_OPTIONS of every process a
// test file starts, whatever environment the test passes: each Node process among them (the command,
// npm, tsc, a recipe's own tap) would load tap's module hooks, half a second of CPU apiece on two
// cores, and record coverage nobody reads. Started through `env -i`, a command sees the variables
// given and nothing else.

/** `[file, args]` for child_process: `command args` run under `env -i` with only `env` set. */
export function exactEnv (command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>): [string, string[]] {
  const assignments = Object.entries(env).flatMap(([name, value]) => value === undefined ? [] : [`${name}=${value}`])
  return ['env', ['-i', ...assignments, command, ...args]]
}

/**
 * The error types of every CLI (`args.ts` re-exports them and formats them).
 * On their own, without the config and its schema, so `git.ts` and the
 * pre-commit hook can throw them before the checker is loaded.
 */

/** What a command prints and the exit code it leaves with: 1 by default. Never shown with a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad usage or a bad flag value: printed with the valid flags, then exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

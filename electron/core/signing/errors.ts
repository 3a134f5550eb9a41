/**
 * A mistake in what the caller passed (empty secret, malformed whsec_, unknown
 * profile). The API layer maps it to `invalid_input`, the CLI to exit code 2.
 * Messages never contain the secret itself.
 */
export class SigningInputError extends Error {
  constructor(
    message: string,
    readonly field: string = 'secrets',
  ) {
    super(message);
    this.name = 'SigningInputError';
  }
}
